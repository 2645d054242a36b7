using Azure.Storage.Queues.Models;

namespace GovData.Functions.Triggers;

/// <summary>One delivery of a queue message to its function: the text as sent, its id, and the delivery count (1 the first time).</summary>
public sealed record QueueDelivery(string Text, string MessageId, long DequeueCount)
{
    /// <summary>The delivery of the message a queue trigger bound.</summary>
    public static QueueDelivery From(QueueMessage message) => new(message.Body.ToString(), message.MessageId, message.DequeueCount);
}
