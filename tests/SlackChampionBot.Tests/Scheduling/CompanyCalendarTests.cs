using System.Globalization;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Tests.Scheduling;

/// <summary>
/// The company calendar and its one DST rule. The transition dates are the tz database's as this machine's .NET reads
/// them (checked with zdump): Europe/London springs forward at 01:00 GMT on 29 March 2026 and falls back at 02:00 BST on
/// 25 October 2026; America/Havana skips midnight on 8 March 2026 (23:59:59 CST → 01:00 CDT) and passes midnight twice
/// on 1 November 2026 (00:59:59 CDT → 00:00 CST), the first day of a month.
/// </summary>
public sealed class CompanyCalendarTests
{
    private static readonly CompanyCalendar London = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
    private static readonly CompanyCalendar Havana = new(TimeZoneInfo.FindSystemTimeZoneById("America/Havana"));

    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Fact]
    public void Day_LondonSpringForward_StartsAtMidnightAndIs23HoursLong()
    {
        var day = London.Day(new DateOnly(2026, 3, 29));

        Assert.Equal(Utc(2026, 3, 29), day.StartUtc);
        Assert.Equal(Utc(2026, 3, 29, 23), day.EndUtc); // Monday 00:00 BST
        Assert.Equal(TimeSpan.FromHours(23), day.EndUtc - day.StartUtc);
    }

    [Fact]
    public void ToUtc_LondonTimeTheClocksJumpOver_IsTheInstantOfTheJump()
    {
        // 01:30 on 29 March does not exist in London: the clocks go from 01:00 GMT to 02:00 BST, at 01:00 UTC.
        Assert.Equal(Utc(2026, 3, 29, 1), London.ToUtc(new DateOnly(2026, 3, 29), new TimeOnly(1, 30)));
    }

    [Fact]
    public void Day_LondonFallBack_Is25HoursLong()
    {
        var day = London.Day(new DateOnly(2026, 10, 25));

        Assert.Equal(Utc(2026, 10, 24, 23), day.StartUtc); // 00:00 BST
        Assert.Equal(Utc(2026, 10, 26), day.EndUtc); // 00:00 GMT
        Assert.Equal(TimeSpan.FromHours(25), day.EndUtc - day.StartUtc);
    }

    [Fact]
    public void ToUtc_LondonTimeTheClocksPassTwice_IsTheFirstOfTheTwo()
    {
        // 01:30 on 25 October happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
        Assert.Equal(Utc(2026, 10, 25, 0, 30), London.ToUtc(new DateOnly(2026, 10, 25), new TimeOnly(1, 30)));
    }

    [Fact]
    public void Day_HavanaMidnightSkipped_StartsWhenTheClocksJumpToOne()
    {
        var day = Havana.Day(new DateOnly(2026, 3, 8));

        Assert.Equal(Utc(2026, 3, 8, 5), day.StartUtc); // 01:00 CDT, the first instant of 8 March
        Assert.Equal(Utc(2026, 3, 9, 4), day.EndUtc); // 00:00 CDT
        Assert.Equal(TimeSpan.FromHours(23), day.EndUtc - day.StartUtc);
        Assert.Equal(new DateOnly(2026, 3, 7), Havana.LocalDate(day.StartUtc.AddTicks(-1)));
        Assert.Equal(new DateOnly(2026, 3, 8), Havana.LocalDate(day.StartUtc));
    }

    [Fact]
    public void Month_HavanaMidnightTwiceOnTheFirst_BeginsAtTheFirstMidnight()
    {
        var november = Havana.Month(new DateOnly(2026, 11, 1));
        var october = Havana.Month(new DateOnly(2026, 10, 31));
        var firstHour = Utc(2026, 11, 1, 4, 30); // 00:30 CDT on 1 November, before the clocks fall back

        Assert.Equal(Utc(2026, 11, 1, 4), november.StartUtc); // the first 00:00 (CDT), not the second (CST, 05:00 UTC)
        Assert.Equal(november.StartUtc, october.EndUtc);
        Assert.Equal(new DateOnly(2026, 11, 1), Havana.LocalDate(firstHour));
        Assert.True(november.Contains(firstHour));
        Assert.False(october.Contains(firstHour));
        Assert.Equal(november, Havana.Month(firstHour));
        Assert.Equal(TimeSpan.FromHours(25), Havana.Day(firstHour).EndUtc - Havana.Day(firstHour).StartUtc);
    }

    [Fact]
    public void Week_LondonAcrossSpringForward_IsTheIsoWeekAndIs167HoursLong()
    {
        var week = London.Week(Utc(2026, 3, 26, 12)); // a Thursday

        Assert.Equal(new DateOnly(2026, 3, 23), week.Start);
        Assert.Equal(new DateOnly(2026, 3, 30), week.End);
        Assert.Equal(TimeSpan.FromHours(167), week.EndUtc - week.StartUtc);
        Assert.Equal((2026, 13), CompanyCalendar.IsoWeek(week.Start));
    }

    [Fact]
    public void Quarter_LateAugustInLondon_RunsFromJulyToOctoberInSummerTime()
    {
        var quarter = London.Quarter(Utc(2026, 8, 31, 23, 30)); // 1 September 00:30 BST: still Q3

        Assert.Equal(new DateOnly(2026, 7, 1), quarter.Start);
        Assert.Equal(new DateOnly(2026, 10, 1), quarter.End);
        Assert.Equal(Utc(2026, 6, 30, 23), quarter.StartUtc);
        Assert.Equal(Utc(2026, 9, 30, 23), quarter.EndUtc);
    }

    [Theory]
    [InlineData("America/Los_Angeles", "2026-03-11T06:00:00Z", "2026-03-10T07:00:00Z", "2026-03-11T07:00:00Z")]
    [InlineData("Asia/Tokyo", "2026-03-11T06:00:00Z", "2026-03-10T15:00:00Z", "2026-03-11T15:00:00Z")]
    [InlineData("America/Los_Angeles", "2026-03-08T12:00:00Z", "2026-03-08T08:00:00Z", "2026-03-09T07:00:00Z")] // the 23-hour DST day
    public void Day_InGiversZone_RunsFromTheirMidnightToTheNext(string zone, string now, string start, string next)
    {
        var day = London.In(TimeZoneInfo.FindSystemTimeZoneById(zone)).Day(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture).UtcDateTime);

        Assert.Equal(DateTimeOffset.Parse(start, CultureInfo.InvariantCulture), new DateTimeOffset(day.StartUtc));
        Assert.Equal(DateTimeOffset.Parse(next, CultureInfo.InvariantCulture), new DateTimeOffset(day.EndUtc));
    }

    [Theory]
    [InlineData("Europe/London")]
    [InlineData("America/Santiago")]
    [InlineData("America/Havana")]
    [InlineData("Asia/Beirut")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Pacific/Chatham")]
    public void StartOfDayUtc_EveryDayOf2026_IsTheFirstInstantOfThatLocalDate(string zoneId)
    {
        var calendar = new CompanyCalendar(TimeZoneInfo.FindSystemTimeZoneById(zoneId));
        for (var date = new DateOnly(2026, 1, 1); date.Year == 2026; date = date.AddDays(1))
        {
            var start = calendar.StartOfDayUtc(date);
            Assert.Equal(date, calendar.LocalDate(start));
            Assert.Equal(date.AddDays(-1), calendar.LocalDate(start.AddMinutes(-1)));
        }
    }
}
