using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Data;

/// <summary>
/// The <c>Data</c> section: who may export, audit and erase the recognition data (with HR, who may export and audit),
/// and how long win texts are kept.
/// </summary>
internal sealed class DataOptions
{
    public const string SectionName = "Data";

    /// <summary>User IDs who may export and audit the star ledger and erase a person (<c>Data:Admins:0</c>, …).</summary>
    public string[] Admins { get; set; } = [];

    /// <summary>Win texts older than this many months are blanked (their stars, credits and facts stay). 0: kept for as long as the bot runs.</summary>
    public int RetainWinTextMonths { get; set; }

    /// <summary>When the daily retention job runs (company time zone).</summary>
    public string RetentionCron { get; set; } = "41 3 * * *";
}

internal sealed class DataOptionsValidator : IValidateOptions<DataOptions>
{
    public ValidateOptionsResult Validate(string? name, DataOptions options)
    {
        for (var i = 0; i < options.Admins.Length; i++)
        {
            if (!Mrkdwn.IsUserId(options.Admins[i]?.Trim()))
            {
                return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed($"Data:Admins:{i}", "use Slack user IDs such as U0123ABCD (profile → ⋯ → Copy member ID)"));
            }
        }

        if (options.RetainWinTextMonths is < 0 or > 1200)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Data:RetainWinTextMonths", "use a number of months from 1 to 1200, or 0 to keep win texts"));
        }

        return CronSchedule.Validate("Data:RetentionCron", options.RetentionCron) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
