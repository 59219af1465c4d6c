namespace SlackChampionBot.Slack;

/// <summary>Slack answered <c>ok:false</c> (or a request failed for good after its retries). Mirrors SlackNet's SlackException.</summary>
public class SlackException : Exception
{
    public SlackException(string errorCode, string? apiMethod = null, IReadOnlyList<string>? errorMessages = null, Exception? innerException = null)
        : base(BuildMessage(errorCode, apiMethod, errorMessages), innerException)
    {
        ErrorCode = errorCode;
        ApiMethod = apiMethod;
        ErrorMessages = errorMessages ?? [];
    }

    /// <summary>Slack's error code, e.g. <c>channel_not_found</c>, or <c>http_500</c> / <c>timeout</c> for transport failures.</summary>
    public string ErrorCode { get; }

    public string? ApiMethod { get; }

    /// <summary>Details from <c>response_metadata.messages</c>, when Slack sent any.</summary>
    public IReadOnlyList<string> ErrorMessages { get; }

    private static string BuildMessage(string errorCode, string? apiMethod, IReadOnlyList<string>? messages)
    {
        var text = apiMethod is null ? $"Slack error: {errorCode}" : $"Slack {apiMethod} failed: {errorCode}";
        return messages is { Count: > 0 } ? $"{text} ({string.Join("; ", messages)})" : text;
    }
}
