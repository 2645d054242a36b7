namespace GovData.Portal.Services;

/// <summary>What people type into the portal's text boxes, as the API takes it.</summary>
public static class TextInput
{
    /// <summary>"One per line" fields (reasons, days): each line trimmed, empty lines dropped.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
