using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>
/// The <c>Leaderboards</c> section. <c>Leaderboards:Teams</c> (the user groups that are teams) is read by
/// <see cref="Teams.CompanyTeams"/>; the schedule runs in <c>Scheduling:TimeZone</c>.
/// </summary>
internal sealed class LeaderboardOptions
{
    public const string SectionName = "Leaderboards";

    /// <summary>Where the weekly post goes (a channel ID such as <c>C0123ABC</c>, or <c>#name</c>); empty = no post.</summary>
    public string? Channel { get; set; }

    /// <summary>When the weekly post goes out, in the company time zone.</summary>
    public string WeeklyPostCron { get; set; } = "0 16 * * FRI";

    /// <summary>How many places a table shows.</summary>
    public int TopN { get; set; } = 10;

    /// <summary>How long after a missed scheduled time the bot still posts that week (e.g. after downtime).</summary>
    public int CatchUpWindowHours { get; set; } = 24;

    /// <summary>
    /// Whether the weekly post is followed by its picture (<see cref="WeeklyChart"/>: the top 10 and the week's wins by
    /// stage and kind, one PNG uploaded to the same channel; needs the <c>files:write</c> scope).
    /// </summary>
    public bool Chart { get; set; } = true;

    public bool ChannelConfigured => !string.IsNullOrWhiteSpace(Channel);
}

internal sealed class LeaderboardOptionsValidator : IValidateOptions<LeaderboardOptions>
{
    public const int MaxTopN = 25;

    public ValidateOptionsResult Validate(string? name, LeaderboardOptions options)
    {
        if (Scheduling.CronSchedule.Validate("Leaderboards:WeeklyPostCron", options.WeeklyPostCron) is { } cronProblem)
        {
            return ValidateOptionsResult.Fail(cronProblem);
        }

        if (options.TopN is < 1 or > MaxTopN)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Leaderboards:TopN", $"use a whole number from 1 to {MaxTopN}"));
        }

        if (options.CatchUpWindowHours is < 0 or > 24 * 7)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Leaderboards:CatchUpWindowHours", "use a whole number of hours from 0 to 168"));
        }

        if (options.ChannelConfigured && options.Channel!.Trim().Any(char.IsWhiteSpace))
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Leaderboards:Channel", "use a channel ID such as C0123ABC (or #channel-name), or leave it empty for no weekly post"));
        }

        return ValidateOptionsResult.Success;
    }
}
