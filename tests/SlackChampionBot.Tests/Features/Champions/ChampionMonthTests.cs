using SlackChampionBot.Features.Champions;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Tests.Features.Champions;

public sealed class ChampionMonthTests
{
    private static readonly ChampionMonth Current = new(2026, 11);

    [Theory]
    [InlineData("", 2026, 11)]
    [InlineData("2026-11", 2026, 11)]
    [InlineData("2025-3", 2025, 3)]
    [InlineData("november", 2026, 11)]
    [InlineData("Nov", 2026, 11)]
    [InlineData("december", 2025, 12)]
    [InlineData("march 2024", 2024, 3)]
    [InlineData("last", 2026, 10)]
    public void Parse_KnownForms_GiveTheMonth(string text, int year, int month) =>
        Assert.Equal(new ChampionMonth(year, month), ChampionMonth.Parse(text, Current));

    [Theory]
    [InlineData("someday")]
    [InlineData("ma")]
    [InlineData("2026-13")]
    [InlineData("march 99")]
    public void Parse_Nonsense_IsNull(string text) => Assert.Null(ChampionMonth.Parse(text, Current));

    [Fact]
    public void Of_LateEveningInNewYork_IsStillTheLocalMonth()
    {
        var newYork = new CompanyCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        Assert.Equal(new ChampionMonth(2026, 11), ChampionMonth.Of(new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc), newYork));
        Assert.Equal(new DateTime(2026, 11, 1, 4, 0, 0, DateTimeKind.Utc), new ChampionMonth(2026, 11).StartUtc(newYork));
    }

    [Fact]
    public void StartUtc_HavanaNovember2026_IsTheFirstOfTheTwoMidnights()
    {
        // Havana passes 00:00 twice on 1 November 2026 (00:59:59 CDT → 00:00 CST). The month begins at the first, so a
        // nomination at 00:30 CDT, which the calendar already dates 1 November, lies inside November's title period.
        var havana = new CompanyCalendar(TimeZoneInfo.FindSystemTimeZoneById("America/Havana"));
        var nominatedAt = new DateTime(2026, 11, 1, 4, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new ChampionMonth(2026, 11), ChampionMonth.Of(nominatedAt, havana));
        Assert.Equal(new DateTime(2026, 11, 1, 4, 0, 0, DateTimeKind.Utc), new ChampionMonth(2026, 11).StartUtc(havana));
        Assert.Equal(new DateTime(2026, 11, 1, 4, 0, 0, DateTimeKind.Utc), new ChampionMonth(2026, 10).EndUtc(havana));
    }
}
