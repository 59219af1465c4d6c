using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Persistence.Inbox;

/// <summary>The <c>Inbox</c> section: how long the event inbox keeps what it holds (README, "The event inbox").</summary>
internal sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary>Failed rows are deleted after this long (processed ones after 7 days).</summary>
    public const int KeepFailedDays = 30;

    /// <summary>
    /// How long an event whose handlers failed for good keeps its body, for someone to see why; then the nightly prune
    /// blanks it and only id, type, status, times, transport and the error remain until the row goes.
    /// </summary>
    public int FailedBodyDays { get; set; } = 7;
}

internal sealed class InboxOptionsValidator : IValidateOptions<InboxOptions>
{
    public ValidateOptionsResult Validate(string? name, InboxOptions options) =>
        options.FailedBodyDays is < 0 or > InboxOptions.KeepFailedDays
            ? ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Inbox:FailedBodyDays", $"use a whole number of days from 0 to {InboxOptions.KeepFailedDays} (failed rows are deleted after {InboxOptions.KeepFailedDays})"))
            : ValidateOptionsResult.Success;
}
