using System.Globalization;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Champions;

/// <summary>A calendar month in the company time zone: the period a Customer Champion holds the title.</summary>
internal readonly record struct ChampionMonth(int Year, int Month)
{
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    public string Key => $"{Year:D4}-{Month:D2}";

    public ChampionMonth Previous => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    public ChampionMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public string Name => $"{MonthNames[Month - 1]} {Year}";

    public static ChampionMonth Of(DateTime utc, CompanyCalendar calendar)
    {
        var date = calendar.LocalDate(utc);
        return new ChampionMonth(date.Year, date.Month);
    }

    public DateTime StartUtc(CompanyCalendar calendar) => calendar.StartOfDayUtc(new DateOnly(Year, Month, 1));

    public DateTime EndUtc(CompanyCalendar calendar) => Next.StartUtc(calendar);

    /// <summary>
    /// A month as a user types it: <c>2026-11</c>, <c>november</c> / <c>nov</c> (the latest one not in the future),
    /// <c>november 2025</c>, <c>this</c>, <c>last</c>. Null when it is none of these.
    /// </summary>
    public static ChampionMonth? Parse(string? text, ChampionMonth current)
    {
        var value = (text ?? string.Empty).Trim().ToLowerInvariant();
        if (value is "" or "this" or "now" or "current")
        {
            return current;
        }

        if (value is "last" or "previous")
        {
            return current.Previous;
        }

        if (DateTime.TryParseExact(value, ["yyyy-MM", "yyyy-M", "yyyy/MM", "MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            return new ChampionMonth(exact.Year, exact.Month);
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 1 or 2 && MonthNumber(parts[0]) is { } month)
        {
            if (parts.Length == 2)
            {
                return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 9999
                    ? new ChampionMonth(year, month)
                    : null;
            }

            return month <= current.Month ? new ChampionMonth(current.Year, month) : new ChampionMonth(current.Year - 1, month);
        }

        return null;
    }

    private static int? MonthNumber(string word)
    {
        if (word.Length < 3)
        {
            return null;
        }

        for (var i = 0; i < 12; i++)
        {
            if (MonthNames[i].StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return null;
    }
}
