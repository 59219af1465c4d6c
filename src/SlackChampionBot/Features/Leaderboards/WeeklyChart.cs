using System.Globalization;
using ScottPlot;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Leaderboards;

/// <summary>
/// The weekly post's picture (<c>Leaderboards:Chart</c>): the week's top 10 by gold stars beside the week's wins by
/// lifecycle stage and by kind of experience, two bar charts side by side in one PNG rendered off-screen (ScottPlot
/// with Skia, no display). Rendering only: it draws exactly the <see cref="WeeklyPostContent"/> the post's text is made
/// from, so the picture never shows anyone or anything the text does not (opted-out people are already out of the
/// table).
/// </summary>
internal static class WeeklyChart
{
    public const int Width = 1200;
    public const int Height = 600;

    /// <summary>Places shown: those ranked 10th or better (ties included, so nobody tied for a place is cut off).</summary>
    public const int TopPlaces = 10;

    private const int MaxBars = TopPlaces * 2;
    private const int MaxNameLength = 28;

    private static readonly Color Gold = Color.FromHex("#E8B004");
    private static readonly Color Blue = Color.FromHex("#4C78A8");
    private static readonly Color Green = Color.FromHex("#54A24B");
    private static readonly Color Orange = Color.FromHex("#F58518");

    /// <summary>Null when the week had no stars and no wins: a picture of nothing says less than the text.</summary>
    public static byte[]? Render(WeeklyPostContent content)
    {
        if (!HasAnything(content))
        {
            return null;
        }

        var figure = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        figure.Reset(TopPlot(content)); // a new Multiplot holds one empty plot: replace it
        figure.AddPlot(WinsPlot(content));
        using var image = figure.Render(Width, Height);
        return image.GetImageBytes(ImageFormat.Png, 100);
    }

    public static bool HasAnything(WeeklyPostContent content) => Shown(content).Count > 0 || content.WinCount > 0;

    /// <summary>The standings the chart draws, best first.</summary>
    internal static IReadOnlyList<Standing> Shown(WeeklyPostContent content) =>
        content.Top.Where(s => s.Rank <= TopPlaces && s.Stars > 0).Take(MaxBars).ToList();

    /// <summary>Gold stars of the week's top 10, one horizontal bar each, the leader at the top (tests read its bars).</summary>
    internal static Plot TopPlot(WeeklyPostContent content)
    {
        var plot = new Plot();
        plot.Title("Gold stars this week: top " + TopPlaces.ToString(CultureInfo.InvariantCulture));
        var shown = Shown(content);
        HorizontalBars(plot, shown.Select((s, i) => ((double)(shown.Count - 1 - i), s.Stars, s.Rank == 1 ? Gold : Blue)));

        plot.Axes.Left.SetTicks(
            [.. shown.Select((_, i) => (double)(shown.Count - 1 - i))],
            [.. shown.Select(s => $"{LeaderboardBlocks.RankLabel(s.Rank, s.Tied)} {PlainName(content.Names, s.UserId)}")]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.Label.Text = "gold stars";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var most = shown.Count == 0 ? 1 : shown.Max(s => s.Stars);
        plot.Axes.SetLimitsX(0, most * 1.15);
        plot.Axes.SetLimitsY(-0.6, Math.Max(1, shown.Count) - 0.4);
        return plot;
    }

    /// <summary>
    /// The week's wins by lifecycle stage and by kind of experience: two groups of horizontal bars, stages above kinds,
    /// each group its own colour in the legend (tests read its bars).
    /// </summary>
    internal static Plot WinsPlot(WeeklyPostContent content)
    {
        var plot = new Plot();
        plot.Title(string.Create(BotCulture.English, $"Wins this week: {content.WinCount}"));
        var stages = content.WinsByStage.Select(s => (Name: LeaderboardBlocks.StageName(s.Key), s.Value)).ToList();
        var kinds = content.WinsByExperience.Select(k => (Name: LeaderboardBlocks.ExperienceName(k.Key), k.Value)).ToList();
        var gap = stages.Count > 0 && kinds.Count > 0 ? 1 : 0;
        var rows = stages.Count + gap + kinds.Count;

        // Top to bottom: the stages, a gap, the kinds.
        double Position(int row) => rows - 1 - row;
        var ticks = new List<(double Position, string Label)>();
        void Group(IReadOnlyList<(string Name, int Value)> group, int firstRow, string legend, Color color)
        {
            if (group.Count == 0)
            {
                return;
            }

            HorizontalBars(plot, group.Select((g, i) => (Position(firstRow + i), g.Value, color))).LegendText = legend;
            ticks.AddRange(group.Select((g, i) => (Position(firstRow + i), g.Name)));
        }

        Group(stages, 0, "by lifecycle stage", Green);
        Group(kinds, stages.Count + gap, "by kind of experience", Orange);

        plot.Axes.Left.SetTicks([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => t.Label)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.Label.Text = "wins";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var most = stages.Concat(kinds).Select(g => g.Value).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsX(0, most * 1.15);
        plot.Axes.SetLimitsY(-0.6, Math.Max(1, rows) - 0.4);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>One horizontal bar per value, each labelled with its whole number.</summary>
    private static ScottPlot.Plottables.BarPlot HorizontalBars(Plot plot, IEnumerable<(double Position, int Value, Color Color)> values)
    {
        var bars = plot.Add.Bars(values.Select(v => new Bar
        {
            Position = v.Position,
            Value = v.Value,
            Label = v.Value.ToString(CultureInfo.InvariantCulture),
            FillColor = v.Color,
            Size = 0.75,
        }).ToList());
        bars.Horizontal = true;
        bars.ValueLabelStyle.FontSize = 14;
        return bars;
    }

    /// <summary>A name as it is drawn: no mrkdwn, shortened with an ellipsis; the user id when Slack gave no name.</summary>
    private static string PlainName(IReadOnlyDictionary<string, string> names, string userId)
    {
        var name = names.TryGetValue(userId, out var found) && !string.IsNullOrWhiteSpace(found) ? found.Trim() : userId;
        return name.Length <= MaxNameLength ? name : name[..(MaxNameLength - 1)] + "…";
    }
}
