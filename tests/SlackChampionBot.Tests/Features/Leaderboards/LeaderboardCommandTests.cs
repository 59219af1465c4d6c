using Microsoft.Extensions.DependencyInjection;
using Moq;
using SlackChampionBot.Features.Leaderboards;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Tests.Features.Leaderboards;

public sealed class LeaderboardCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static SlashCommand Command(string command, string text, string user = "UA") =>
        new() { TeamId = LeaderboardsWorld.Team, UserId = user, Command = command, Text = text, ChannelId = "C1" };

    [Theory]
    [InlineData("", "Week", null)]
    [InlineData("month", "Month", null)]
    [InlineData("QUARTER <!subteam^S0SUP|@support>", "Quarter", "<!subteam^S0SUP|@support>")]
    [InlineData("<!subteam^S0SUP|@support> all", "AllTime", "<!subteam^S0SUP|@support>")]
    [InlineData("  all-time   <!subteam^S0SUP>  ", "AllTime", "<!subteam^S0SUP>")]
    public void Parse_PeriodAndTeamInAnyOrder(string text, string kind, string? team)
    {
        var (parsedKind, parsedTeam, problem) = LeaderboardCommand.Parse(text);

        Assert.Null(problem);
        Assert.Equal((Enum.Parse<PeriodKind>(kind), team), (parsedKind, parsedTeam));
    }

    [Theory]
    [InlineData("week month")]
    [InlineData("support sales")]
    [InlineData("@support")]
    [InlineData("all-time support")]
    [InlineData("yesterday")]
    [InlineData("help")]
    [InlineData("<!subteam^S1|@a> <!subteam^S2|@b>")]
    public void Parse_TooManyArguments_ExplainsUsage(string text) =>
        Assert.Contains("Usage", LeaderboardCommand.Parse(text).Problem, StringComparison.Ordinal);

    [Theory]
    [InlineData("<@U123ABC|jo>", "U123ABC")]
    [InlineData("<@W99>", "W99")]
    [InlineData("U777", "U777")]
    [InlineData("@jo", null)]
    [InlineData("<!channel>", null)]
    public void ParseUser_EscapedMentionOrId(string text, string? expected) =>
        Assert.Equal(expected, StarsCommand.ParseUser(text));

    [Fact]
    public async Task Handle_UnknownTeam_RefusesAndListsTheTeams()
    {
        await using var world = new LeaderboardsWorld(Now);
        world.Settings["Leaderboards:Teams:0"] = "support";
        world.NewServices();
        await world.Group("S0SUP", "support", "UA");

        var response = await world.With<LeaderboardCommand, SlashCommandResponse>(c => c.Handle(Command("/leaderboard", "<!subteam^S0XX|@nope>")));

        Assert.Equal(ResponseType.Ephemeral, response.ResponseType);
        Assert.Contains("I don't know the team @nope", response.Message!.Text, StringComparison.Ordinal);
        Assert.Contains("@support", response.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_TeamMonth_RendersTheTeamsTablePrivately()
    {
        await using var world = new LeaderboardsWorld(Now);
        world.Settings["Leaderboards:Teams:0"] = "S0SUP";
        world.NewServices();
        await world.Group("S0SUP", "support", "UA", "UB");
        await world.Name("UA", "Ada");
        await world.Name("UB", "Bo <b>");
        await world.Star("UA", 2, Now.UtcDateTime.AddDays(-1));
        await world.Star("UB", 3, Now.UtcDateTime.AddDays(-1));
        await world.Star("UC", 9, Now.UtcDateTime.AddDays(-1));

        var response = await world.With<LeaderboardCommand, SlashCommandResponse>(c => c.Handle(Command("/leaderboard", "month <!subteam^S0SUP|@support>")));

        Assert.Equal(ResponseType.Ephemeral, response.ResponseType);
        var text = string.Join("\n", response.Message!.Blocks!.OfType<SectionBlock>().Select(s => s.Text?.Text));
        Assert.Contains("*1st* Bo &lt;b&gt; — 3 gold stars", text, StringComparison.Ordinal);
        Assert.Contains("*2nd* Ada — 2 gold stars", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UC", text, StringComparison.Ordinal);
        Assert.Contains("You are *2nd* with 2 gold stars; 1 gold star more to move up a place.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_StarsHideThenShow_TogglesAndAnswersPrivately()
    {
        await using var world = new LeaderboardsWorld(Now);

        var hide = await world.With<StarsCommand, SlashCommandResponse>(c => c.Handle(Command("/stars", "hide")));
        var again = await world.With<StarsCommand, SlashCommandResponse>(c => c.Handle(Command("/stars", "hide")));
        var byOther = await world.With<StarsCommand, SlashCommandResponse>(c => c.Handle(Command("/stars", "<@UA|ada>", user: "UB")));
        var show = await world.With<StarsCommand, SlashCommandResponse>(c => c.Handle(Command("/stars", "show")));

        Assert.Contains("no longer appear", hide.Message!.Text, StringComparison.Ordinal);
        Assert.Contains("already hidden", again.Message!.Text, StringComparison.Ordinal);
        Assert.Contains("chosen not to appear", byOther.Message!.Text, StringComparison.Ordinal);
        Assert.Contains("appear on public leaderboards again", show.Message!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_StarsForAColleague_ShowsTheirCard()
    {
        await using var world = new LeaderboardsWorld(Now);
        await world.Name("UB", "Bo");
        await world.Star("UB", 4, Now.UtcDateTime.AddHours(-1));
        world.Users.Setup(u => u.Info("UB", It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(new SlackChampionBot.Slack.WebApi.User { Id = "UB", Name = "Bo" });

        var response = await world.With<StarsCommand, SlashCommandResponse>(c => c.Handle(Command("/stars", "<@UB|bo>")));

        Assert.Equal("Gold stars of Bo", response.Message!.Blocks!.OfType<HeaderBlock>().First().Text.Text);
        Assert.Contains(response.Message.Blocks!.OfType<SectionBlock>().SelectMany(s => s.Fields ?? []), f => f.Text == "*All time*\n4 gold stars");
    }

    [Fact]
    public async Task Handle_AppHomeOpened_PublishesTheHomeTab()
    {
        await using var world = new LeaderboardsWorld(Now);
        await world.Star("UA", 4, Now.UtcDateTime.AddHours(-1));
        await world.Star("UB", 6, Now.UtcDateTime.AddHours(-1));
        HomeViewDefinition? published = null;
        world.Views.Setup(v => v.Publish("UA", It.IsAny<HomeViewDefinition>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback((string _, HomeViewDefinition view, string? _, CancellationToken _) => published = view)
            .ReturnsAsync(new SlackChampionBot.Slack.WebApi.ViewResponse());

        await world.InScope(async sp =>
        {
            await sp.GetRequiredService<ShowHomeTab>().Handle(new AppHomeOpened { User = "UA", Tab = "home" });
            return 0;
        });

        Assert.NotNull(published);
        BlockKitLimits.AssertWithin(published!.Blocks, Block.MaxBlocksInView);
        var text = string.Join("\n", published.Blocks.OfType<SectionBlock>().Select(s => s.Text?.Text));
        Assert.Contains("*1st* UB — 6 gold stars", text, StringComparison.Ordinal);
        Assert.Contains("*2nd* UA — 4 gold stars", text, StringComparison.Ordinal);
    }
}
