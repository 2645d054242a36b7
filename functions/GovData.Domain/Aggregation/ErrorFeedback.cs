namespace GovData.Domain.Aggregation;

/// <summary>Where an error report (数据纠错) stands.</summary>
public enum ErrorFeedbackState
{
    /// <summary>Reported; the providing department must verify it and answer by the due date.</summary>
    Open,
    /// <summary>The provider answered; the reporter has been told.</summary>
    Answered,
}

/// <summary>How the provider answered an error report (002 第十八条, 004 第十四条).</summary>
public enum ErrorFeedbackOutcome
{
    /// <summary>The error was real and is corrected in a new version (corrections are new versions, 000 第四十一条).</summary>
    Corrected,
    /// <summary>The data is right, or cannot be changed; the answer explains why.</summary>
    Explained,
}

/// <summary>The checks on an error report and its answer that need no storage.</summary>
public static class ErrorFeedbackRules
{
    /// <summary>Longest description or answer, in characters.</summary>
    public const int MaxText = 2000;

    /// <summary>Checks a report: a description, and an item that is one of the entry's data items if named.</summary>
    public static IReadOnlyList<ValidationError> ValidateReport(string? description, string? item, string? recordKey, long? row, IReadOnlyCollection<string> itemNames)
    {
        ArgumentNullException.ThrowIfNull(itemNames);
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(description)) errors.Add(new ValidationError("description", "say what is wrong"));
        else if (description.Length > MaxText) errors.Add(new ValidationError("description", $"must be at most {MaxText} characters"));
        if (item is not null && !itemNames.Contains(item)) errors.Add(new ValidationError("item", $"'{item}' is not a data item of the entry"));
        if (recordKey is { Length: > 200 }) errors.Add(new ValidationError("recordKey", "must be at most 200 characters"));
        if (row is < 1) errors.Add(new ValidationError("row", "must be 1 or more"));
        if (string.IsNullOrWhiteSpace(recordKey) && row is null) errors.Add(new ValidationError("recordKey", "name the record: its key values, or its row in the version"));
        return errors;
    }

    /// <summary>Checks an answer: an explanation, and for a correction the later version that holds it.</summary>
    public static IReadOnlyList<ValidationError> ValidateAnswer(ErrorFeedbackOutcome outcome, string? answer, int? correctedInVersion, int? reportedVersion)
    {
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(outcome)) errors.Add(new ValidationError("outcome", "must be Corrected or Explained"));
        if (string.IsNullOrWhiteSpace(answer)) errors.Add(new ValidationError("answer", "say what was found"));
        else if (answer.Length > MaxText) errors.Add(new ValidationError("answer", $"must be at most {MaxText} characters"));
        if (outcome == ErrorFeedbackOutcome.Corrected)
        {
            if (correctedInVersion is null) errors.Add(new ValidationError("correctedInVersion", "a correction is a new version: name it"));
            else if (reportedVersion is { } v && correctedInVersion <= v) errors.Add(new ValidationError("correctedInVersion", $"must be later than the reported version {v}"));
        }
        return errors;
    }
}
