namespace GovData.Functions.Notifications;

/// <summary>
/// The notification inbox's services: the store, the inbox (<see cref="NotificationInbox"/>, served by
/// <see cref="NotificationFunctions"/>) and the queue function's handler.
/// </summary>
public static class NotificationServiceExtensions
{
    /// <summary>Adds the store, the inbox and the queue function.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationReceived>();
        services.AddSingleton<NotificationInbox>();
        return services;
    }
}
