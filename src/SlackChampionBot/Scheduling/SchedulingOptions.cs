using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Scheduling;

/// <summary>The <c>Scheduling</c> section: the company time zone that every schedule and every period uses.</summary>
internal sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>An IANA time zone id such as <c>Europe/London</c>.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>With <see cref="DashboardPassword"/>: basic-auth credentials for /hangfire from other machines.</summary>
    public string? DashboardUser { get; set; }

    public string? DashboardPassword { get; set; }

    /// <summary>When finished inbox rows are pruned (daily by default).</summary>
    public string InboxPruneCron { get; set; } = "17 3 * * *";

    /// <summary>When the followed user groups (teams, managers, HR) are synced from Slack (also at start-up).</summary>
    public string UserGroupSyncCron { get; set; } = "0 5 * * *";

    public TimeZoneInfo TimeZoneInfo => System.TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Days, weeks, months and quarters in the company time zone.</summary>
    public CompanyCalendar Calendar => new(TimeZoneInfo);

    public bool DashboardCredentialsSet => !string.IsNullOrEmpty(DashboardUser) && !string.IsNullOrEmpty(DashboardPassword);
}

internal sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Missing("Scheduling:TimeZone", "an IANA time zone such as Europe/London"));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Scheduling:TimeZone", "use an IANA time zone id such as Europe/London or America/New_York"));
        }

        if (string.IsNullOrEmpty(options.DashboardUser) != string.IsNullOrEmpty(options.DashboardPassword))
        {
            return ValidateOptionsResult.Fail(string.IsNullOrEmpty(options.DashboardUser)
                ? ConfigurationProblem.Missing("Scheduling:DashboardUser", "a user name, because Scheduling:DashboardPassword is set (or unset both)")
                : ConfigurationProblem.Missing("Scheduling:DashboardPassword", "a password, because Scheduling:DashboardUser is set (or unset both)"));
        }

        if (options.DashboardCredentialsSet && options.DashboardPassword!.Length < 12)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed("Scheduling:DashboardPassword", "use at least 12 characters: the dashboard can run and delete jobs"));
        }

        var cronProblem = CronExpression.Validate("Scheduling:InboxPruneCron", options.InboxPruneCron)
            ?? CronExpression.Validate("Scheduling:UserGroupSyncCron", options.UserGroupSyncCron);
        return cronProblem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(cronProblem);
    }
}
