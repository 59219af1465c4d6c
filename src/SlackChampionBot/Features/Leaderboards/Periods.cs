using SlackChampionBot.Scheduling;

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
    public (int Year, int Week) IsoWeek => CompanyCalendar.IsoWeek(Start);
}

/// <summary>
/// The league table periods over the company calendar: a ledger instant (UTC) belongs to the period of its local date,
/// so a star given at 23:30 on Sunday in London belongs to that ISO week even though it is already Monday in Tokyo.
/// Bounds are local midnights as <see cref="CompanyCalendar"/> places them (its rule covers DST), so weeks across a
/// DST change are 167 or 169 hours long.
/// </summary>
internal sealed class Periods(TimeZoneInfo zone)
{
    /// <summary>The bucket start used for the all-time table.</summary>
    public static readonly DateOnly AllTimeStart = DateOnly.MinValue;

    private readonly CompanyCalendar _calendar = new(zone);

    public TimeZoneInfo Zone => zone;

    public DateOnly LocalDate(DateTime utc) => _calendar.LocalDate(utc);

    public Period Containing(PeriodKind kind, DateTime utc) => Of(kind, LocalDate(utc));

    /// <summary>The period before <paramref name="period"/> (the all-time period has none and is returned as is).</summary>
    public Period Previous(Period period) =>
        period.Kind == PeriodKind.AllTime ? period : Of(period.Kind, period.Start.AddDays(-1));

    /// <summary>The period of <paramref name="kind"/> that contains the local date <paramref name="date"/>.</summary>
    public Period Of(PeriodKind kind, DateOnly date) => kind switch
    {
        PeriodKind.Week => From(kind, _calendar.Week(date)),
        PeriodKind.Month => From(kind, _calendar.Month(date)),
        PeriodKind.Quarter => From(kind, _calendar.Quarter(date)),
        PeriodKind.AllTime => new Period(kind, AllTimeStart, null, DateTime.MinValue, null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The first local date of the period of <paramref name="kind"/> containing <paramref name="date"/> (its bucket key).</summary>
    public static DateOnly StartOf(PeriodKind kind, DateOnly date) => kind switch
    {
        PeriodKind.Week => CompanyCalendar.StartOfWeek(date),
        PeriodKind.Month => CompanyCalendar.StartOfMonth(date),
        PeriodKind.Quarter => CompanyCalendar.StartOfQuarter(date),
        PeriodKind.AllTime => AllTimeStart,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Period From(PeriodKind kind, LocalDates dates) => new(kind, dates.Start, dates.End, dates.StartUtc, dates.EndUtc);
}
