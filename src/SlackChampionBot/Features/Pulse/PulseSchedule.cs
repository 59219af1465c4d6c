using SlackChampionBot.Scheduling;
using Cron = Cronos.CronExpression;

namespace SlackChampionBot.Features.Pulse;

/// <summary>One person's survey times (UTC): when their DM goes, their one reminder, and the end of their window.</summary>
internal readonly record struct PulsePersonTimes(DateTime SendAt, DateTime RemindAt, DateTime ClosesAt);

/// <summary>
/// When a survey opens and, for each person, when it reaches them: the opening day is a date of the company calendar
/// (a day <c>Pulse:Cron</c> fires on), and each person gets the DM at <c>Pulse:LocalSendTime</c> on that date in
/// their own Slack time zone (the company's when Slack has none). Every send and every reminder falls inside the send
/// window, 08:00-18:00 in the person's own time: a moment outside it moves to the next 08:00 there. The close is
/// <c>Pulse:OpenDays</c> later at the same local time as the person's DM. Every local time goes through
/// <see cref="CompanyCalendar"/> (and its rule for daylight-saving gaps and overlaps).
/// </summary>
internal static class PulseSchedule
{
    public static readonly TimeOnly WindowStart = new(8, 0);

    /// <summary>The first local minute after the window (exclusive end).</summary>
    public static readonly TimeOnly WindowEnd = new(18, 0);

    /// <summary>
    /// The zone furthest ahead of UTC (Kiritimati, UTC+14): an opening day begins there first, so a survey prepared when
    /// the day begins there reaches everyone on that date at their own hour, however far ahead of the company they are.
    /// </summary>
    public static readonly TimeSpan EarliestZoneOffset = TimeSpan.FromHours(14);

    /// <summary>
    /// The opening day whose survey should be prepared now, or null: the date of the next <paramref name="cron"/>
    /// occurrence from the start of today (company calendar), once that date has begun somewhere on Earth.
    /// </summary>
    public static DateOnly? DueOpeningDate(string cron, CompanyCalendar company, DateTime nowUtc)
    {
        var today = company.LocalDate(nowUtc);
        var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard;
        var next = Cron.Parse(cron, format).GetNextOccurrence(DateTime.SpecifyKind(company.StartOfDayUtc(today), DateTimeKind.Utc), company.Zone, inclusive: true);
        if (next is null)
        {
            return null;
        }

        var date = company.LocalDate(next.Value);
        var beginsSomewhere = DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc) - EarliestZoneOffset;
        return nowUtc >= beginsSomewhere ? date : null;
    }

    /// <summary>
    /// A person's times for a survey opening on <paramref name="openingDate"/>: <paramref name="sendTime"/> that day in
    /// <paramref name="person"/>'s calendar, or <paramref name="notBeforeUtc"/> if that is later (a survey prepared
    /// late, or sent now), moved into the send window.
    /// </summary>
    public static PulsePersonTimes For(CompanyCalendar person, DateOnly openingDate, TimeOnly sendTime, DateTime notBeforeUtc, int openDays, int reminderAfterHours)
    {
        var target = person.ToUtc(openingDate, sendTime);
        var sendAt = IntoWindow(person, target > notBeforeUtc ? target : notBeforeUtc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(sendAt, person.Zone);
        var closesAt = person.ToUtc(DateOnly.FromDateTime(local).AddDays(openDays), TimeOnly.FromDateTime(local));
        var remindAt = IntoWindow(person, sendAt.AddHours(reminderAfterHours));
        if (remindAt >= closesAt)
        {
            // The window pushed the reminder past the close: no reminder is better than one after the end.
            remindAt = closesAt;
        }

        return new PulsePersonTimes(sendAt, remindAt, closesAt);
    }

    /// <summary><paramref name="utc"/> when its local time is within 08:00-18:00, else the next 08:00 local.</summary>
    public static DateTime IntoWindow(CompanyCalendar person, DateTime utc)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, person.Zone);
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (time < WindowStart)
        {
            return person.ToUtc(date, WindowStart);
        }

        return time >= WindowEnd ? person.ToUtc(date.AddDays(1), WindowStart) : utc;
    }

    /// <summary>Whether <paramref name="utc"/> is inside the send window in <paramref name="person"/>'s calendar.</summary>
    public static bool InWindow(CompanyCalendar person, DateTime utc)
    {
        var time = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), person.Zone));
        return time >= WindowStart && time < WindowEnd;
    }
}
