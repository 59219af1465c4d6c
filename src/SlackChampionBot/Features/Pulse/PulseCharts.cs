using System.Globalization;
using ScottPlot;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Pulse;

/// <summary>
/// The trend charts as PNG (ScottPlot, rendered off-screen with Skia: no display needed). Rendering only: every value
/// arrives in a <see cref="PulseTrendSeries"/> that the results' suppression already decided; a hidden value is null
/// here and is simply not drawn (no point, no label).
/// </summary>
internal static class PulseCharts
{
    public const int Width = 1000;
    public const int Height = 560;

    /// <summary>% favourable per statement (left axis) and eNPS (right axis) per closed survey, each point labelled with its n.</summary>
    public static byte[] Engagement(PulseTrendSeries series) => EngagementPlot(series).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The chart before rendering (tests read its plotted points).</summary>
    internal static Plot EngagementPlot(PulseTrendSeries series)
    {
        var plot = new Plot();
        plot.Title("Pulse: % favourable per statement and eNPS");
        plot.Axes.Left.Label.Text = "% favourable (4-5)";
        plot.Axes.Right.Label.Text = "eNPS";
        var palette = new ScottPlot.Palettes.Category10();
        var x = series.Surveys.Select(s => s.OpenedAt.ToOADate()).ToArray();

        for (var i = 0; i < series.Statements.Count; i++)
        {
            var shown = series.Surveys.Select((s, k) => (X: x[k], Y: s.FavourablePercent[i])).Where(p => p.Y is not null).ToArray();
            if (shown.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(shown.Select(p => p.X).ToArray(), shown.Select(p => p.Y!.Value).ToArray(), palette.GetColor(i));
            line.LegendText = Short(series.Statements[i]);
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        var enps = series.Surveys.Select((s, k) => (X: x[k], Y: s.Enps, N: s.EnpsN)).Where(p => p.Y is not null).ToArray();
        if (enps.Length > 0)
        {
            var line = plot.Add.Scatter(enps.Select(p => p.X).ToArray(), enps.Select(p => p.Y!.Value).ToArray(), Colors.Black);
            line.LegendText = "eNPS";
            line.LineWidth = 3;
            line.LinePattern = LinePattern.Dashed;
            line.MarkerSize = 9;
            line.Axes.YAxis = plot.Axes.Right;
        }

        // n under each shown survey; a withheld survey is marked as such, with no number.
        foreach (var (survey, k) in series.Surveys.Select((s, k) => (s, k)))
        {
            var label = plot.Add.Text(survey.Shown ? string.Create(CultureInfo.InvariantCulture, $"n={survey.N}") : "too few", x[k], 2);
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelFontColor = survey.Shown ? Colors.DimGray : Colors.Gray;
        }

        // Dates as the bot writes them everywhere ("3 Mar 2026"), not in the machine's culture (en-US gave 3/3/2026,
        // which a reader in most of the world takes for the 3rd of March only by luck).
        if (plot.Axes.DateTimeTicksBottom().TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic dates)
        {
            dates.LabelFormatter = date => date.ToString("d MMM yyyy", BotCulture.English);
        }

        plot.Axes.SetLimitsY(0, 105, plot.Axes.Left);
        plot.Axes.SetLimitsY(-100, 100, plot.Axes.Right);
        if (x.Length > 0)
        {
            var pad = Math.Max(7, (x.Max() - x.Min()) * 0.05);
            plot.Axes.SetLimitsX(x.Min() - pad, x.Max() + pad);
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Stars given and received per team per month (bars, left axis) beside each team's engagement where shown (points, right axis).</summary>
    public static byte[] Recognition(PulseTrendSeries series) => RecognitionPlot(series).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The chart before rendering (tests read its plotted points).</summary>
    internal static Plot RecognitionPlot(PulseTrendSeries series)
    {
        var plot = new Plot();
        plot.Title("Recognition and engagement per team");
        plot.Axes.Left.Label.Text = "gold stars in the month";
        plot.Axes.Right.Label.Text = "engagement, % favourable";
        var palette = new ScottPlot.Palettes.Category10();
        var months = series.Teams.Select(t => t.Month).Distinct().Order().ToList();
        var teams = series.Teams.Select(t => (t.GroupId, t.Name)).Distinct().OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var slot = 1.0 / (teams.Count * 2 + 1);

        for (var t = 0; t < teams.Count; t++)
        {
            var color = palette.GetColor(t);
            var given = new List<Bar>();
            var received = new List<Bar>();
            var engagement = new List<(double X, double Y)>();
            foreach (var point in series.Teams.Where(p => p.GroupId == teams[t].GroupId))
            {
                var centre = months.IndexOf(point.Month) - 0.5 + (slot * ((2 * t) + 1.5));
                given.Add(new Bar { Position = centre - (slot / 2), Value = point.StarsGiven, FillColor = color.WithAlpha(0.45), Size = slot * 0.9 });
                received.Add(new Bar { Position = centre + (slot / 2), Value = point.StarsReceived, FillColor = color, Size = slot * 0.9 });
                if (point.EngagementPercent is { } e)
                {
                    engagement.Add((centre, e));
                }
            }

            plot.Add.Bars(given).LegendText = teams[t].Name + ": given";
            plot.Add.Bars(received).LegendText = teams[t].Name + ": received";
            if (engagement.Count > 0)
            {
                var marks = plot.Add.Markers(engagement.Select(p => p.X).ToArray(), engagement.Select(p => p.Y).ToArray(), MarkerShape.FilledDiamond, 12, color.Darken(0.3));
                marks.LegendText = teams[t].Name + ": engagement";
                marks.Axes.YAxis = plot.Axes.Right;
            }
        }

        plot.Axes.Bottom.SetTicks([.. months.Select((_, i) => (double)i)], [.. months.Select(m => m.ToString("MMM yyyy", BotCulture.English))]);
        plot.Axes.SetLimitsX(-0.6, months.Count - 0.4);
        var top = series.Teams.Count == 0 ? 1 : series.Teams.Max(p => Math.Max(p.StarsGiven, p.StarsReceived));
        plot.Axes.SetLimitsY(0, Math.Max(1, top) * 1.25, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static string Short(string statement) => statement.Length <= 48 ? statement : statement[..47] + "…";
}
