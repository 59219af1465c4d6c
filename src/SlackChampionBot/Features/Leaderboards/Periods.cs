using System.Globalization;

namespace SlackChampionBot.Features.Leaderboards;

internal enum PeriodKind
{
    Week = 1,
    Month = 2,
    Quarter = 3,
    AllTime = 4,
}

/// <summary>
/// A league table period: local calendar dates in the company time zone (<see cref="Start"/> inclusive,
/// <see cref="End"/> exclusive) and the UTC instants they begin and end at.
/// </summary>
internal sealed record Period(PeriodKind Kind, DateOnly Start, DateOnly? End, DateTime StartUtc, DateTime? EndUtc)
{
    public bool Contains(DateTime utc) => utc >= StartUtc && (EndUtc is null || utc < EndUtc);

    /// <summary>ISO week-numbering year and week, for weeks (e.g. 2026-W53).</summary>
    public (int Year, int Week) IsoWeek => (ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)));
}

/// <summary>
/// Period arithmetic in the company time zone: a ledger instant (UTC) belongs to the period of its local date, so a star
/// given at 23:30 on Sunday in London belongs to that ISO week even though it is already Monday in Tokyo. Bounds are
/// local midnights converted with <see cref="TimeZoneInfo"/>, so weeks across a DST change are 167 or 169 hours long.
/// </summary>
internal sealed class Periods(TimeZoneInfo zone)
{
    /// <summary>The bucket start used for the all-time table.</summary>
    public static readonly DateOnly AllTimeStart = DateOnly.MinValue;

    public TimeZoneInfo Zone => zone;

    public DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    public Period Containing(PeriodKind kind, DateTime utc) => Create(kind, StartOf(kind, LocalDate(utc)));

    /// <summary>The period before <paramref name="period"/> (the all-time period has none and is returned as is).</summary>
    public Period Previous(Period period) =>
        period.Kind == PeriodKind.AllTime ? period : Create(period.Kind, StartOf(period.Kind, period.Start.AddDays(-1)));

    public Period Create(PeriodKind kind, DateOnly start)
    {
        var end = EndOf(kind, start);
        return new Period(kind, start, end, kind == PeriodKind.AllTime ? DateTime.MinValue : StartOfDayUtc(start), end is { } e ? StartOfDayUtc(e) : null);
    }

    public static DateOnly StartOf(PeriodKind kind, DateOnly date) => kind switch
    {
        PeriodKind.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
        PeriodKind.Month => new DateOnly(date.Year, date.Month, 1),
        PeriodKind.Quarter => new DateOnly(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1),
        PeriodKind.AllTime => AllTimeStart,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static DateOnly? EndOf(PeriodKind kind, DateOnly start) => kind switch
    {
        PeriodKind.Week => start.AddDays(7),
        PeriodKind.Month => start.AddMonths(1),
        PeriodKind.Quarter => start.AddMonths(3),
        _ => null,
    };

    /// <summary>
    /// The first instant of a local date. Where midnight does not exist (a DST gap at midnight) the day starts at the
    /// first valid minute; where it happens twice, at the first of them.
    /// </summary>
    public DateTime StartOfDayUtc(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
