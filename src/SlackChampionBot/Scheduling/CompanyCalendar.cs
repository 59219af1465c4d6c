using System.Globalization;

namespace SlackChampionBot.Scheduling;

/// <summary>
/// A run of whole local dates, <see cref="Start"/> inclusive and <see cref="End"/> exclusive, with the instants (UTC)
/// it begins and ends at.
/// </summary>
internal readonly record struct LocalDates(DateOnly Start, DateOnly End, DateTime StartUtc, DateTime EndUtc)
{
    public bool Contains(DateTime utc) => utc >= StartUtc && utc < EndUtc;
}

/// <summary>
/// The company calendar, the one place that says which local date an instant falls on and where local days, ISO weeks
/// (Monday to Sunday), calendar months and quarters begin and end. Its zone is the company's (<c>Scheduling:TimeZone</c>,
/// <see cref="SchedulingOptions.Calendar"/>); <see cref="In"/> asks the same questions in another zone, such as a
/// giver's own midnight for the daily star limit.
/// <para>
/// One rule for the local times that daylight saving makes missing or ambiguous (<see cref="ToUtc"/>): a local time
/// the clocks jump over is the instant of the jump (the first minute after the gap), and a local time the clocks pass
/// twice is the first of the two instants. So a day begins at the first instant the clock shows its date: in Havana,
/// where midnight is skipped, 8 March 2026 begins at 01:00 CDT (05:00 UTC); where midnight happens twice, 1 November
/// 2026 begins at the first 00:00, CDT (04:00 UTC), an hour before the clocks fall back to 00:00 CST. With this rule
/// every instant lies inside the bounds of the day <see cref="LocalDate(DateTime)"/> gives it, so bucketing by local
/// date and querying by UTC bounds agree. (The second midnight would leave that first hour dated 1 November but
/// inside October's bounds.)
/// </para>
/// </summary>
internal sealed class CompanyCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    /// <summary>The same calendar in another time zone (a person's own, say).</summary>
    public CompanyCalendar In(TimeZoneInfo other) => other.Id == zone.Id ? this : new CompanyCalendar(other);

    /// <summary>The local date of an instant (a DateTime of any kind is read as UTC).</summary>
    public DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>
    /// The instant (UTC) of a local wall-clock time. A time that does not exist (the clocks jump over it) is the instant
    /// of the jump; a time that happens twice is the first of the two instants.
    /// </summary>
    public DateTime ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Every gap in the tz database since the 1970s starts and ends on a whole minute: the first valid minute is the jump.
            local = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(1);
            }
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    /// <summary>The first instant (UTC) of a local date.</summary>
    public DateTime StartOfDayUtc(DateOnly date) => ToUtc(date, TimeOnly.MinValue);

    /// <summary>The local dates [<paramref name="start"/>, <paramref name="end"/>) with their bounds.</summary>
    public LocalDates Between(DateOnly start, DateOnly end) => new(start, end, StartOfDayUtc(start), StartOfDayUtc(end));

    public LocalDates Day(DateOnly date) => Between(date, date.AddDays(1));

    public LocalDates Day(DateTime utc) => Day(LocalDate(utc));

    /// <summary>The ISO week (Monday to Sunday) containing <paramref name="date"/>.</summary>
    public LocalDates Week(DateOnly date) => Between(StartOfWeek(date), StartOfWeek(date).AddDays(7));

    public LocalDates Week(DateTime utc) => Week(LocalDate(utc));

    public LocalDates Month(DateOnly date) => Between(StartOfMonth(date), StartOfMonth(date).AddMonths(1));

    public LocalDates Month(DateTime utc) => Month(LocalDate(utc));

    public LocalDates Quarter(DateOnly date) => Between(StartOfQuarter(date), StartOfQuarter(date).AddMonths(3));

    public LocalDates Quarter(DateTime utc) => Quarter(LocalDate(utc));

    /// <summary>The Monday of the ISO week containing <paramref name="date"/>.</summary>
    public static DateOnly StartOfWeek(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static DateOnly StartOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    public static DateOnly StartOfQuarter(DateOnly date) => new(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1);

    /// <summary>The ISO week-numbering year and week of a date (28 December 2026 is in 2026-W53).</summary>
    public static (int Year, int Week) IsoWeek(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        return (ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day));
    }
}
