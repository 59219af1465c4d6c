using Microsoft.Extensions.DependencyInjection;
using Moq;
using SlackChampionBot.Features.Wins;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Interaction;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Tests.Features.Wins;

public sealed class ShareWinCommandTests : IAsyncLifetime
{
    private const string Alice = "U0ALICE";
    private const string Bob = "U0BOB";

    private WinsTestBed _bed = null!;

    public Task InitializeAsync()
    {
        _bed = new WinsTestBed();
        _bed.AddUser(Alice, "alice");
        _bed.AddUser(Bob, "bob");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static ViewSubmission Submission(string story, string? customer = null, string? stage = null, string? kind = null, string? kpi = null, params string[] credits)
    {
        var values = new Dictionary<string, Dictionary<string, ElementValue>>
        {
            [WinsBlocks.StoryBlock] = new() { [WinsBlocks.StoryAction] = new ElementValue { Type = "plain_text_input", Value = story } },
            [WinsBlocks.CustomerBlock] = new() { [WinsBlocks.CustomerAction] = new ElementValue { Type = "plain_text_input", Value = customer } },
            [WinsBlocks.StageBlock] = new() { [WinsBlocks.StageAction] = new ElementValue { Type = "static_select", SelectedOption = stage is null ? null : new SelectedOption { Value = stage } } },
            [WinsBlocks.ExperienceBlock] = new() { [WinsBlocks.ExperienceAction] = new ElementValue { Type = "static_select", SelectedOption = kind is null ? null : new SelectedOption { Value = kind } } },
            [WinsBlocks.KpiBlock] = new() { [WinsBlocks.KpiAction] = new ElementValue { Type = "plain_text_input", Value = kpi } },
            [WinsBlocks.CreditsBlock] = new() { [WinsBlocks.CreditsAction] = new ElementValue { Type = "multi_users_select", SelectedUsers = credits } },
        };
        return new ViewSubmission
        {
            Team = new TeamInfo { Id = WinsTestBed.Team },
            User = new UserInfo { Id = Alice },
            View = new ViewInfo { Id = "V0FORM1", CallbackId = ShareWinSubmission.CallbackId, State = new ViewState { Values = values } },
        };
    }

    private Task<ViewSubmissionResponse> Submit(ViewSubmission submission) =>
        _bed.Use(sp => sp.GetRequiredService<ShareWinSubmission>().Handle(submission));

    [Fact]
    public async Task Handle_WinCommand_OpensTheShareAWinModal()
    {
        ViewDefinition? opened = null;
        _bed.Views.Setup(v => v.Open("trigger-1", It.IsAny<ViewDefinition>(), It.IsAny<CancellationToken>()))
            .Callback((string _, ViewDefinition view, CancellationToken _) => opened = view)
            .ReturnsAsync(new ViewResponse());

        var response = await _bed.Use(sp => sp.GetRequiredService<ShareWinCommand>().Handle(new SlashCommand { Command = "/win", UserId = Alice, TeamId = WinsTestBed.Team, TriggerId = "trigger-1" }));

        Assert.Null(response.Message);
        var modal = Assert.IsType<ModalViewDefinition>(opened);
        Assert.Equal("Share a customer win", modal.Title.Text);
        Assert.True(modal.Title.Text.Length <= 24);
        Assert.Equal(ShareWinSubmission.CallbackId, modal.CallbackId);
        Assert.Equal(
            [WinsBlocks.StoryBlock, WinsBlocks.CustomerBlock, WinsBlocks.StageBlock, WinsBlocks.ExperienceBlock, WinsBlocks.KpiBlock, WinsBlocks.CreditsBlock],
            modal.Blocks.Select(b => b.BlockId));
        var stage = Assert.IsType<StaticSelectMenu>(Assert.IsType<InputBlock>(modal.Blocks[2]).Element);
        Assert.Equal(["Interest", "Pre-order", "Order", "Fulfilment", "Returns", "Support"], stage.Options.Select(o => o.Text.Text));
        Assert.Null(Assert.IsType<InputBlock>(modal.Blocks[0]).Optional);
    }

    [Fact]
    public async Task Handle_NoWinsChannelConfigured_SaysSoPrivately()
    {
        await using var bed = new WinsTestBed(new() { ["Wins:Channels:0"] = null });

        var response = await bed.Use(sp => sp.GetRequiredService<ShareWinCommand>().Handle(new SlashCommand { Command = "/win", UserId = Alice, TriggerId = "t" }));

        Assert.Contains("No wins channel", response.Message!.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Handle_EmptyWhatHappened_ShowsAModalError(string story)
    {
        var response = await Submit(Submission(story));

        Assert.Equal("errors", response.ResponseAction);
        Assert.Contains(WinsBlocks.StoryBlock, response.Errors!.Keys);
        Assert.Empty(_bed.Posted);
        Assert.Empty(await _bed.Wins());
    }

    [Fact]
    public async Task Handle_TooShortWhatHappened_ShowsAModalError()
    {
        var response = await Submit(Submission("Nice one :tada:"));

        Assert.Equal("errors", response.ResponseAction);
        Assert.Contains("20 characters", response.Errors![WinsBlocks.StoryBlock]);
    }

    [Fact]
    public async Task Handle_ValidForm_PostsOnThePostersBehalfEscapedAndRecordsTheWin()
    {
        var response = await Submit(Submission(
            "Told <!channel> & <@U0EVIL> that the <b>refund</b> was on its way, and it was",
            customer: "Hendersons <Ltd>",
            stage: "Returns",
            kind: "Service",
            kpi: "NPS",
            credits: [Bob, Alice]));

        Assert.True(response.IsNull);
        var post = _bed.Posted[0];
        Assert.Equal(WinsTestBed.WinsChannel, post.Channel);
        Assert.Null(post.ThreadTs);
        Assert.StartsWith("<@U0ALICE> shared a customer win", post.Text);
        var json = System.Text.Json.JsonSerializer.Serialize(post, SlackChampionBot.Slack.SlackJson.Options);
        Assert.DoesNotContain("<!channel>", json);
        Assert.DoesNotContain("<@U0EVIL>", json);
        Assert.DoesNotContain("Hendersons <Ltd>", json);
        Assert.Contains("&lt;!channel&gt; &amp; &lt;@U0EVIL&gt;", post.Text);
        var story = Assert.IsType<SectionBlock>(post.Blocks![1]);
        Assert.Contains("&lt;!channel&gt;", story.Text!.Text);

        var win = Assert.Single(await _bed.Wins());
        Assert.Equal(WinSource.Form, win.Source);
        Assert.Equal(Alice, win.PosterId);
        Assert.Equal(LifecycleStage.Returns, win.Stage);
        Assert.Equal(ExperienceKind.Service, win.Experience);
        Assert.Equal("Hendersons <Ltd>", win.Customer);
        Assert.Equal("NPS", win.Kpi);
        Assert.Equal([Bob], win.Credits.Select(c => c.UserId));
        Assert.Equal(1, await _bed.Balance(Alice));
        Assert.Equal(1, await _bed.Balance(Bob));

        var celebration = _bed.Posted[1];
        Assert.Equal(win.MessageTs, celebration.ThreadTs);
        Assert.Equal("⭐ Gold star for <@U0ALICE> — 1st win this month! +1 star for <@U0BOB>", celebration.Text);

        // The same submission again (a retry) shares nothing new.
        await Submit(Submission("Told everyone the refund was on its way, and it was", credits: [Bob]));
        Assert.Equal(2, _bed.Posted.Count);
        Assert.Single(await _bed.Wins());
    }

    [Fact]
    public async Task Handle_BotNotInTheWinsChannel_ShowsTheProblemInTheModal()
    {
        _bed.Chat.Setup(c => c.PostMessage(It.IsAny<Message>(), It.IsAny<CancellationToken>())).ThrowsAsync(new SlackChampionBot.Slack.SlackException("not_in_channel", "chat.postMessage"));

        var response = await Submit(Submission("Told the customer the refund was on its way, and it was"));

        Assert.Equal("errors", response.ResponseAction);
        Assert.Contains("not_in_channel", response.Errors![WinsBlocks.StoryBlock]);
        Assert.Empty(await _bed.Wins());
    }
}
