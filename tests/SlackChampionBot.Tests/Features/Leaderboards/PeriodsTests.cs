using SlackChampionBot.Features.Leaderboards;

namespace SlackChampionBot.Tests.Features.Leaderboards;

public sealed class PeriodsTests
{
    private static readonly Periods London = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
    private static readonly Periods Tokyo = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Fact]
    public void Containing_SundayNightStarInLondon_BelongsToThatWeekThoughItIsMondayInTokyo()
    {
        var star = Utc(2026, 11, 29, 23, 30); // Sunday 23:30 in London (GMT), Monday 08:30 in Tokyo

        var londonWeek = London.Containing(PeriodKind.Week, star);
        var tokyoWeek = Tokyo.Containing(PeriodKind.Week, star);

        Assert.Equal(new DateOnly(2026, 11, 23), londonWeek.Start);
        Assert.Equal(Utc(2026, 11, 23), londonWeek.StartUtc);
        Assert.Equal(Utc(2026, 11, 30), londonWeek.EndUtc);
        Assert.True(londonWeek.Contains(star));
        Assert.Equal(new DateOnly(2026, 11, 30), tokyoWeek.Start);
    }

    [Fact]
    public void Containing_YearEnd_IsIsoWeek53From28DecemberTo3January()
    {
        var week = London.Containing(PeriodKind.Week, Utc(2027, 1, 3, 23, 59));

        Assert.Equal(new DateOnly(2026, 12, 28), week.Start);
        Assert.Equal(new DateOnly(2027, 1, 4), week.End);
        Assert.Equal((2026, 53), week.IsoWeek);
        Assert.Equal("2026-W53", WeeklyPostService.Label(week));
        Assert.Equal(new DateOnly(2027, 1, 4), London.Containing(PeriodKind.Week, Utc(2027, 1, 4)).Start);
        Assert.Equal((2027, 1), London.Containing(PeriodKind.Week, Utc(2027, 1, 4)).IsoWeek);
    }

    [Fact]
    public void Containing_WeekWithSpringDstChange_Is167HoursLong()
    {
        var week = London.Containing(PeriodKind.Week, Utc(2026, 3, 29, 12));

        Assert.Equal(Utc(2026, 3, 23), week.StartUtc);
        Assert.Equal(Utc(2026, 3, 29, 23), week.EndUtc); // Monday 00:00 BST
        Assert.Equal(TimeSpan.FromHours(167), week.EndUtc - week.StartUtc);
        Assert.False(week.Contains(Utc(2026, 3, 29, 23, 30))); // already Monday 00:30 BST
    }

    [Fact]
    public void Containing_WeekWithAutumnDstChange_Is169HoursLong()
    {
        var week = London.Containing(PeriodKind.Week, Utc(2026, 10, 25, 12));

        Assert.Equal(Utc(2026, 10, 18, 23), week.StartUtc); // Monday 00:00 BST
        Assert.Equal(Utc(2026, 10, 26), week.EndUtc);
        Assert.Equal(TimeSpan.FromHours(169), week.EndUtc - week.StartUtc);
        Assert.True(week.Contains(Utc(2026, 10, 18, 23, 30)));
    }

    [Fact]
    public void Containing_MonthQuarterAndAllTime_HaveLocalBounds()
    {
        var instant = Utc(2026, 8, 31, 23, 30); // 1 September 00:30 BST

        var month = London.Containing(PeriodKind.Month, instant);
        var quarter = London.Containing(PeriodKind.Quarter, instant);
        var allTime = London.Containing(PeriodKind.AllTime, instant);

        Assert.Equal(new DateOnly(2026, 9, 1), month.Start);
        Assert.Equal(Utc(2026, 8, 31, 23), month.StartUtc);
        Assert.Equal(new DateOnly(2026, 7, 1), quarter.Start);
        Assert.Equal(new DateOnly(2026, 10, 1), quarter.End);
        Assert.Null(allTime.EndUtc);
        Assert.True(allTime.Contains(Utc(2001, 1, 1)));
    }

    [Fact]
    public void Previous_FirstWeekOf2027_IsWeek53()
    {
        var week = London.Containing(PeriodKind.Week, Utc(2027, 1, 6));

        Assert.Equal(new DateOnly(2026, 12, 28), London.Previous(week).Start);
    }
}
