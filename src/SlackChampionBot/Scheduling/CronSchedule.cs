using Cronos;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Scheduling;

/// <summary>
/// Cron expressions as Hangfire reads them (Cronos: five fields, or six with seconds first), checked at start-up so
/// that a typo stops the bot with one line naming the key instead of failing when the job is registered.
/// </summary>
internal static class CronSchedule
{
    /// <summary>Parses <paramref name="expression"/> the way Hangfire does; throws <see cref="CronFormatException"/> when it is not one.</summary>
    public static CronExpression Parse(string expression) =>
        CronExpression.Parse(expression, expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    /// <summary>The times <paramref name="cron"/> fires in <paramref name="zone"/> within [fromUtc, toUtc], in order.</summary>
    public static IEnumerable<DateTime> Occurrences(string cron, TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc) =>
        Parse(cron).GetOccurrences(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), DateTime.SpecifyKind(toUtc, DateTimeKind.Utc), zone, fromInclusive: true, toInclusive: true);

    /// <summary>Null when valid; otherwise the one-line problem naming <paramref name="key"/>.</summary>
    public static string? Validate(string key, string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return ConfigurationProblem.Missing(key, "a cron expression such as \"0 16 * * FRI\" (minute hour day month weekday)");
        }

        try
        {
            Parse(expression);
            return null;
        }
        catch (CronFormatException)
        {
            return ConfigurationProblem.Malformed(key, "use a cron expression of five fields, minute hour day-of-month month day-of-week, such as \"0 16 * * FRI\"");
        }
    }
}
