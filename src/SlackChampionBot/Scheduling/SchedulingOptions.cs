using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Scheduling;

/// <summary>The <c>Scheduling</c> section: the company time zone that every schedule and every period uses.</summary>
internal sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>An IANA time zone id such as <c>Europe/London</c>.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>With <see cref="DashboardPassword"/>: basic-auth credentials for /hangfire.</summary>
    public string? DashboardUser { get; set; }

    public string? DashboardPassword { get; set; }

    /// <summary>
    /// A management port: Kestrel also listens on 127.0.0.1 at this port, and /hangfire is served there only (reach it
    /// with an ssh tunnel). With neither this nor credentials there is no dashboard.
    /// </summary>
    public int? DashboardPort { get; set; }

    /// <summary>When finished inbox rows are pruned (daily by default).</summary>
    public string InboxPruneCron { get; set; } = "17 3 * * *";

    /// <summary>When the followed user groups (teams, managers, HR) are synced from Slack (also at start-up).</summary>
    public string UserGroupSyncCron { get; set; } = "0 5 * * *";

    public TimeZoneInfo TimeZoneInfo => System.TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Days, weeks, months and quarters in the company time zone.</summary>
    public CompanyCalendar Calendar => new(TimeZoneInfo);

    public bool DashboardCredentialsSet => !string.IsNullOrEmpty(DashboardUser) && !string.IsNullOrEmpty(DashboardPassword);
}

/// <param name="listeners">The public listeners' ports (absent in tests that build services without the web host).</param>
internal sealed class SchedulingOptionsValidator(PublicListeners? listeners = null) : IValidateOptions<SchedulingOptions>
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

        if (options.DashboardPort is not (null or (>= 1 and <= 65535)))
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed(DashboardListener.PortKey, "use a free port number from 1 to 65535 for the loopback-only dashboard listener, such as 9090"));
        }

        if (options.DashboardPort is { } taken && listeners?.Ports.Contains(taken) == true)
        {
            return ValidateOptionsResult.Fail(ConfigurationProblem.Malformed(DashboardListener.PortKey, "it is one of the public ports the bot listens on; the dashboard needs a port of its own, such as 9090"));
        }

        var cronProblem = CronSchedule.Validate("Scheduling:InboxPruneCron", options.InboxPruneCron)
            ?? CronSchedule.Validate("Scheduling:UserGroupSyncCron", options.UserGroupSyncCron);
        return cronProblem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(cronProblem);
    }
}
