using ScottPlot;
using ScottPlot.Plottables;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Leaderboards;

public sealed class WeeklyChartTests
{
    private static readonly Period Week = new(PeriodKind.Week, new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 30), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc));

    /// <summary>A week with twelve people on the table (two tied for 10th, one 12th) and 17 wins; the README's picture is this.</summary>
    private static WeeklyPostContent KnownWeek()
    {
        int[] stars = [14, 11, 9, 9, 7, 6, 5, 4, 3, 2, 2, 1];
        string[] names = ["Priya Raman", "Tom Okafor", "Ines Duarte", "Sam Lee", "Aiko Tanaka", "Ben Novak", "Chloé Martin", "Dev Patel", "Eva Lindqvist", "Finn O'Brien", "Gabi Souza", "Hugo Weiss"];
        var top = new List<Standing>();
        for (var i = 0; i < stars.Length; i++)
        {
            var rank = stars.Count(s => s > stars[i]) + 1;
            top.Add(new Standing(rank, stars.Count(s => s == stars[i]) > 1, $"U{i:D2}", stars[i]));
        }

        return new WeeklyPostContent(
            Week,
            Week.EndUtc!.Value,
            top,
            top[0],
            [],
            [],
            null,
            17,
            [KeyValuePair.Create<LifecycleStage?, int>(LifecycleStage.Interest, 2), KeyValuePair.Create<LifecycleStage?, int>(LifecycleStage.Order, 4), KeyValuePair.Create<LifecycleStage?, int>(LifecycleStage.Fulfilment, 6), KeyValuePair.Create<LifecycleStage?, int>(LifecycleStage.Support, 3), KeyValuePair.Create<LifecycleStage?, int>(null, 2)],
            [KeyValuePair.Create<ExperienceKind?, int>(ExperienceKind.BrandAndMarketing, 5), KeyValuePair.Create<ExperienceKind?, int>(ExperienceKind.Service, 10), KeyValuePair.Create<ExperienceKind?, int>(null, 2)],
            top.Select((s, i) => (s.UserId, Name: names[i])).ToDictionary(p => p.UserId, p => p.Name),
            new Dictionary<string, IReadOnlyList<TitleBadge>>());
    }

    [Fact]
    public void Render_KnownWeek_IsAPngOfTheStatedSize()
    {
        var png = WeeklyChart.Render(KnownWeek());

        Assert.NotNull(png);
        Assert.Equal((WeeklyChart.Width, WeeklyChart.Height), Png.Size(png));
        if (Environment.GetEnvironmentVariable("CHARTS_DIR") is { Length: > 0 } folder)
        {
            File.WriteAllBytes(Path.Combine(folder, "weekly-chart.png"), png);
        }
    }

    [Fact]
    public void TopPlot_TwelveOnTheTable_DrawsTheTopTenWithBothTiedTenthsLeaderAtTheTop()
    {
        var plot = WeeklyChart.TopPlot(KnownWeek());
        plot.RenderInMemory(WeeklyChart.Width / 2, WeeklyChart.Height); // the tick labels are laid out on render

        var bars = Assert.Single(plot.GetPlottables().OfType<BarPlot>());
        Assert.All(bars.Bars, b => Assert.Equal(Orientation.Horizontal, b.Orientation));
        var drawn = bars.Bars.OrderByDescending(b => b.Position).Select(b => b.Value).ToList();
        Assert.Equal([14, 11, 9, 9, 7, 6, 5, 4, 3, 2, 2], drawn); // 12th (1 star) is not in the top 10
        var labels = plot.Axes.Left.TickGenerator.Ticks.OrderByDescending(t => t.Position).Select(t => t.Label).ToList();
        Assert.Equal("1st Priya Raman", labels[0]);
        Assert.Equal("=3rd Ines Duarte", labels[2]);
        Assert.Equal(["=10th Finn O'Brien", "=10th Gabi Souza"], labels[^2..]);
    }

    [Fact]
    public void WinsPlot_KnownWeek_OneBarPerStageAndKindWithItsCount()
    {
        var plot = WeeklyChart.WinsPlot(KnownWeek());
        plot.RenderInMemory(WeeklyChart.Width / 2, WeeklyChart.Height);

        var groups = plot.GetPlottables().OfType<BarPlot>().ToList();
        Assert.Equal(["by lifecycle stage", "by kind of experience"], groups.Select(g => g.LegendText));
        var bars = groups.SelectMany(g => g.Bars).ToList();
        var drawn = plot.Axes.Left.TickGenerator.Ticks.OrderByDescending(t => t.Position)
            .Select(t => (t.Label, bars.Single(b => b.Position == t.Position).Value)).ToList();
        Assert.Equal(
            [("Interest", 2), ("Order", 4), ("Fulfilment", 6), ("Support", 3), ("Not tagged", 2), ("Brand & marketing", 5), ("Service", 10), ("Not tagged", 2)],
            drawn);
        Assert.Equal([2, 4, 6, 3, 2], groups[0].Bars.OrderByDescending(b => b.Position).Select(b => b.Value));
    }

    [Fact]
    public void Render_NoStarsAndNoWins_DrawsNothing()
    {
        var empty = KnownWeek() with { Top = [], Champion = null, WinCount = 0, WinsByStage = [], WinsByExperience = [] };

        Assert.Null(WeeklyChart.Render(empty));
    }
}
