using SlackChampionBot.Features.Data;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Tests.Features.Data;

public sealed class StarsDataCommandTests
{
    private static readonly CompanyCalendar London = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

    /// <summary>Wednesday 25 November 2026, 12:00 UTC.</summary>
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("", "2026-11-01", "2026-12-01")]
    [InlineData("last", "2026-10-01", "2026-11-01")]
    [InlineData("2026-09", "2026-09-01", "2026-10-01")]
    [InlineData("march", "2026-03-01", "2026-04-01")]
    [InlineData("nov 2025", "2025-11-01", "2025-12-01")]
    [InlineData("2026-11-03", "2026-11-03", "2026-11-26")] // one date: from then to today
    [InlineData("2026-10-25 2026-10-25", "2026-10-25", "2026-10-26")]
    [InlineData("2026-09 2026-10-15", "2026-09-01", "2026-10-16")]
    public void Parse_WhatHrTypes_IsTheseLocalDatesBothEndsIncluded(string text, string start, string end)
    {
        var range = LedgerRange.Parse(text, London, Now);

        Assert.NotNull(range);
        Assert.Equal((DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)), (range.Value.Start, range.Value.End));
        Assert.Equal(London.StartOfDayUtc(range.Value.Start), range.Value.StartUtc);
    }

    [Fact]
    public void Parse_TheDayTheClocksGoBack_EndsAtTheNextLocalMidnight()
    {
        // 25 October 2026 in London lasts 25 hours: 00:00 BST (24 Oct 23:00 UTC) to 00:00 GMT (26 Oct 00:00 UTC).
        var range = LedgerRange.Parse("2026-10-25 2026-10-25", London, Now)!.Value;

        Assert.Equal((new DateTime(2026, 10, 24, 23, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 26, 0, 0, 0, DateTimeKind.Utc)), (range.StartUtc, range.EndUtc));
    }

    [Theory]
    [InlineData("2026-11-30 2026-11-01")]
    [InlineData("2026-12-24")] // after today
    [InlineData("soon")]
    public void Parse_ARangeThatIsNone_IsNull(string text) => Assert.Null(LedgerRange.Parse(text, London, Now));
}
