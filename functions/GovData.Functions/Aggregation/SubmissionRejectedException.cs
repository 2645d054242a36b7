using GovData.Domain.Aggregation;

namespace GovData.Functions.Aggregation;

/// <summary>Raised inside the readers when the input cannot be read at all; the processor turns it into the report's rejection.</summary>
internal sealed class SubmissionRejectedException(InputRejection rejection) : Exception(rejection.Message)
{
    public InputRejection Rejection { get; } = rejection;

    public static SubmissionRejectedException Of(RejectionReason reason, string message, long? row = null) =>
        new(new InputRejection(reason, message, row));
}
