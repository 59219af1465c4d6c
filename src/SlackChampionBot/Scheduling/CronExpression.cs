using SlackChampionBot.Hosting;

namespace SlackChampionBot.Scheduling;

/// <summary>
/// Checks a cron expression (5 fields, or 6 with seconds first, the forms Hangfire accepts) so that a typo stops
/// start-up with the key's name instead of failing when the job is registered.
/// </summary>
internal static class CronExpression
{
    private static readonly (int Min, int Max)[] FiveFields = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>The times <paramref name="cron"/> (5 fields, or 6 with seconds) fires in <paramref name="zone"/> within [fromUtc, toUtc], in order.</summary>
    public static IEnumerable<DateTime> Occurrences(string cron, TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard;
        return Cronos.CronExpression.Parse(cron, format)
            .GetOccurrences(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), DateTime.SpecifyKind(toUtc, DateTimeKind.Utc), zone, fromInclusive: true, toInclusive: true);
    }

    /// <summary>Null when valid; otherwise the one-line problem naming <paramref name="key"/>.</summary>
    public static string? Validate(string key, string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return ConfigurationProblem.Missing(key, "a cron expression such as \"0 16 * * FRI\" (minute hour day month weekday)");
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ranges = fields.Length switch
        {
            5 => FiveFields,
            6 => [(0, 59), .. FiveFields],
            _ => null,
        };

        if (ranges is null || !fields.Select((f, i) => IsValidField(f, ranges[i], i - (fields.Length - 5))).All(ok => ok))
        {
            return ConfigurationProblem.Malformed(key, "use a cron expression of five fields, minute hour day-of-month month day-of-week, such as \"0 16 * * FRI\"");
        }

        return null;
    }

    private static bool IsValidField(string field, (int Min, int Max) range, int position) =>
        field.Split(',').All(part => IsValidPart(part, range, position));

    private static bool IsValidPart(string part, (int Min, int Max) range, int position)
    {
        var step = part.Split('/');
        if (step.Length > 2 || (step.Length == 2 && (!int.TryParse(step[1], out var s) || s < 1)))
        {
            return false;
        }

        var body = step[0];
        if (body is "*" or "?")
        {
            return true;
        }

        // Day-of-month and day-of-week accept Hangfire's L, W and # forms.
        if ((position == 2 || position == 4) && (body.Contains('L') || body.Contains('W') || body.Contains('#')))
        {
            return body.All(c => char.IsAsciiLetterOrDigit(c) || c == '#' || c == '-');
        }

        var bounds = body.Split('-');
        return bounds.Length <= 2 && bounds.All(b => TryValue(b, position, out var v) && v >= range.Min && v <= range.Max);
    }

    private static bool TryValue(string text, int position, out int value)
    {
        if (int.TryParse(text, out value))
        {
            return true;
        }

        var names = position switch { 3 => Months, 4 => Days, _ => null };
        var index = names is null ? -1 : Array.IndexOf(names, text.ToUpperInvariant());
        value = position == 3 ? index + 1 : index;
        return index >= 0;
    }
}
