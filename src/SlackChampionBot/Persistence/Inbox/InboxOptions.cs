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

    /// <summary>The shortest and longest <see cref="ClaimLeaseSeconds"/> allowed: five seconds, a day.</summary>
    public const int MinClaimLeaseSeconds = 5;

    public const int MaxClaimLeaseSeconds = 24 * 60 * 60;

    /// <summary>
    /// On PostgreSQL, how long an instance's claim on an event lasts before another instance may claim it: an event
    /// claimed by an instance that died runs elsewhere once this has passed. Handlers are idempotent, so a lease that
    /// runs out while the event still waits or runs costs a repeated run. SQLite's inbox ignores it (one process owns
    /// the file, and its claims last as long as that process).
    /// </summary>
    public int ClaimLeaseSeconds { get; set; } = 600;
}

internal sealed class InboxOptionsValidator : IValidateOptions<InboxOptions>
{
    public ValidateOptionsResult Validate(string? name, InboxOptions options)
    {
        if (options.FailedBodyDays is < 0 or > InboxOptions.KeepFailedDays)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Inbox:FailedBodyDays", $"use a whole number of days from 0 to {InboxOptions.KeepFailedDays} (failed rows are deleted after {InboxOptions.KeepFailedDays})"));
        }

        if (options.ClaimLeaseSeconds is < InboxOptions.MinClaimLeaseSeconds or > InboxOptions.MaxClaimLeaseSeconds)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Inbox:ClaimLeaseSeconds", $"use a whole number of seconds from {InboxOptions.MinClaimLeaseSeconds} to {InboxOptions.MaxClaimLeaseSeconds} (how long an instance's claim on an event lasts)"));
        }

        return ValidateOptionsResult.Success;
    }
}
