using Microsoft.Extensions.Logging;

namespace SlackChampionBot.Slack.WebApi;

/// <summary>Web API client log messages: EventIds 1200–1219.</summary>
internal static partial class WebApiLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Slack {Method} rate limited (HTTP 429); waiting {Delay} before retry {Attempt}")]
    public static partial void RateLimited(ILogger logger, string method, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Slack {Method} failed with {Failure}; retry {Attempt} in {Delay}")]
    public static partial void TransientFailure(ILogger logger, string method, string failure, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Slack {Method} gave up after {Attempts} attempts: {Failure}")]
    public static partial void GaveUp(ILogger logger, string method, int attempts, string failure);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Error, Message = "Refused to upload a file to a {Scheme} URL on {Host}: Slack's upload URLs are https (plain http only to loopback while Slack:ApiBaseUrl is loopback)")]
    public static partial void UploadUrlRefused(ILogger logger, string scheme, string host);

}
