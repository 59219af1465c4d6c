using SlackChampionBot.Features.Champions;

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
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        Assert.Equal(new ChampionMonth(2026, 11), ChampionMonth.Of(new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc), zone));
        Assert.Equal(new DateTime(2026, 11, 1, 4, 0, 0, DateTimeKind.Utc), new ChampionMonth(2026, 11).StartUtc(zone));
    }
}
