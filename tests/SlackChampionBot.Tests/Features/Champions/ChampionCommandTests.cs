using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using SlackChampionBot.Features.Champions;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Interaction;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Champions;

public sealed class ChampionCommandTests
{
    private static Task<SlashCommandResponse> Send(ChampionsWorld world, string userId, string text) =>
        world.Run<ChampionCommand, SlashCommandResponse>(c => c.Handle(new SlashCommand
        {
            TeamId = ChampionsWorld.Team,
            UserId = userId,
            ChannelId = "CSOMEWHERE",
            Command = ChampionCommand.Command,
            Text = text,
            TriggerId = "trigger-1",
        }));

    [Fact]
    public async Task Handle_MentionAndReason_NominatesAndQueuesTheNotices()
    {
        await using var world = await ChampionsWorld.Create();

        var response = await Send(world, ChampionsWorld.Manager, $"<@{ChampionsWorld.Nominee}|nina> {ChampionsWorld.GoodReason}");

        Assert.Contains("Customer Champion for November 2026", response.Message!.Text);
        var nomination = Assert.Single(await world.All<ChampionNomination>());
        Assert.Equal((ChampionsWorld.Nominee, ChampionsWorld.GoodReason), (nomination.NomineeId, nomination.Reason));
        var queued = Assert.Single(world.Provider.GetRequiredService<RecordedBackgroundJobs>().Waiting);
        Assert.Equal((typeof(ChampionNotices), nameof(ChampionNotices.Publish)), (queued.Type, queued.Method.Name));
        Assert.Equal(nomination.Id, queued.Args[0]);
    }

    [Fact]
    public async Task Handle_NonManager_RefusedEphemerallyWithoutTrace()
    {
        await using var world = await ChampionsWorld.Create();

        var response = await Send(world, ChampionsWorld.Colleague, $"<@{ChampionsWorld.Nominee}|nina> {ChampionsWorld.GoodReason}");

        Assert.Equal(ResponseType.Ephemeral, response.ResponseType);
        Assert.Contains("Only managers", response.Message!.Text);
        Assert.Empty(await world.All<ChampionNomination>());
        Assert.Empty(await world.All<StarEntry>());
    }

    [Fact]
    public async Task Handle_NoArgumentsByManager_OpensTheForm()
    {
        await using var world = await ChampionsWorld.Create();

        var response = await Send(world, ChampionsWorld.Manager, "  ");

        Assert.Null(response.Message);
        world.Views.Verify(v => v.Open("trigger-1", It.Is<ViewDefinition>(d => d.CallbackId == NominateChampionSubmission.CallbackId), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Handle_NoArgumentsByNonManager_RefusesWithoutAForm()
    {
        await using var world = await ChampionsWorld.Create();

        var response = await Send(world, ChampionsWorld.Colleague, string.Empty);

        Assert.Contains("Only managers", response.Message!.Text);
        world.Views.Verify(v => v.Open(It.IsAny<string>(), It.IsAny<ViewDefinition>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Handle_PlainNameInsteadOfMention_ExplainsHowToMention()
    {
        await using var world = await ChampionsWorld.Create();

        var response = await Send(world, ChampionsWorld.Manager, "nina because she was great with the customer");

        Assert.Contains("Mention the person with @", response.Message!.Text);
        Assert.Empty(await world.All<ChampionNomination>());
    }

    [Fact]
    public async Task Handle_ListByMonthName_ShowsThatMonthsChampionsWithEscapedReasons()
    {
        await using var world = await ChampionsWorld.Create();
        await Send(world, ChampionsWorld.Manager, $"<@{ChampionsWorld.Nominee}|nina> Calmed an angry customer down <!channel> and fixed it");
        await world.Run<SlackChampionBot.Features.People.UserDirectory>(async d => await d.Get(ChampionsWorld.Team, ChampionsWorld.Manager));

        var november = await Send(world, ChampionsWorld.Colleague, "list november");
        var october = await Send(world, ChampionsWorld.Colleague, "list 2026-10");
        var nonsense = await Send(world, ChampionsWorld.Colleague, "list someday");

        var text = string.Join("\n", ChampionServiceTests.AllText(november.Message!));
        Assert.Contains("November 2026", text);
        Assert.Contains($"<@{ChampionsWorld.Nominee}>", text);
        Assert.Contains("Morgan Manager", text);
        Assert.Contains("@channel", text); // as harmless text: the bot never sends link_names
        Assert.DoesNotContain("<!channel>", text);
        Assert.Contains("No Customer Champions for October 2026", october.Message!.Text);
        Assert.Contains("I don't know the month", nonsense.Message!.Text);
    }

    [Fact]
    public async Task Handle_HistoryAfterUndo_ShowsTheWithdrawnTitle()
    {
        await using var world = await ChampionsWorld.Create();
        await Send(world, ChampionsWorld.Manager, $"<@{ChampionsWorld.Nominee}|nina> {ChampionsWorld.GoodReason}");
        var undo = await Send(world, ChampionsWorld.Manager, "undo");

        var history = await Send(world, ChampionsWorld.Colleague, $"history <@{ChampionsWorld.Nominee}|nina>");

        Assert.Contains("Withdrawn", undo.Message!.Text);
        var text = string.Join("\n", ChampionServiceTests.AllText(history.Message!));
        Assert.Contains("Customer Champion", text);
        Assert.Contains("November 2026", text);
        Assert.Contains("(withdrawn)", text);
    }

    [Fact]
    public async Task Handle_Revoke_MilestoneByAdminOnly()
    {
        var settings = ChampionsWorld.DefaultSettings();
        settings["Champions:Admins:0"] = ChampionsWorld.Colleague;
        await using var world = await ChampionsWorld.Create(settings);
        await world.AddStars(ChampionsWorld.Nominee, 10, null, "credit:1", StarReason.Credit);
        await world.Run<MilestoneTitles>(m => m.OnStarsChanged(new StarsChanged(ChampionsWorld.Team, ChampionsWorld.Nominee, 10, null, null), CancellationToken.None));

        var byManager = await Send(world, ChampionsWorld.Manager, $"revoke <@{ChampionsWorld.Nominee}|nina> Rising Star");
        Assert.Contains("Only admins", byManager.Message!.Text);
        Assert.Null(Assert.Single(await world.All<GrantedTitle>()).RevokedAt);

        var byAdmin = await Send(world, ChampionsWorld.Colleague, $"revoke <@{ChampionsWorld.Nominee}|nina> rising star");

        Assert.Contains("Revoked", byAdmin.Message!.Text);
        Assert.Contains("*Rising Star*", byAdmin.Message!.Text);
        Assert.NotNull(Assert.Single(await world.All<GrantedTitle>()).RevokedAt);
    }

    [Fact]
    public async Task Submission_ReasonTooShort_ErrorUnderTheReason()
    {
        await using var world = await ChampionsWorld.Create();

        var response = await world.Run<NominateChampionSubmission, ViewSubmissionResponse>(h => h.Handle(Submission(ChampionsWorld.Manager, ChampionsWorld.Nominee, "too short")));

        Assert.Equal("errors", response.ResponseAction);
        Assert.Contains(ChampionBlocks.ReasonBlockId, response.Errors!.Keys);
        Assert.Empty(await world.All<ChampionNomination>());
    }

    [Fact]
    public async Task Submission_TypedAngleBrackets_StoredInSlackMarkupAndAnnouncedEscaped()
    {
        await using var world = await ChampionsWorld.Create();

        var response = await world.Run<NominateChampionSubmission, ViewSubmissionResponse>(h => h.Handle(Submission(ChampionsWorld.Manager, ChampionsWorld.Nominee, "Typed <!here> in a form & saved a big customer account")));
        var nomination = Assert.Single(await world.All<ChampionNomination>());
        await world.Publish(nomination.Id);

        Assert.True(response.IsNull);
        var announcement = Assert.Single(world.Posted, m => m.Channel == ChampionsWorld.WinsChannel);
        Assert.Contains(ChampionServiceTests.AllText(announcement), t => t.Contains("Typed &lt;!here&gt; in a form &amp; saved", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<@U123ABC|sam> great work", "U123ABC", "great work")]
    [InlineData("<@W99> x", "W99", "x")]
    [InlineData("  <@U1>", "U1", "")]
    public void ParseMention_EscapedMention_ReturnsIdAndRest(string text, string id, string rest) =>
        Assert.Equal((id, rest), ChampionCommand.ParseMention(text));

    [Theory]
    [InlineData("@sam great")]
    [InlineData("<!here> x")]
    [InlineData("<#C123|general>")]
    public void ParseMention_NoLeadingUserMention_ReturnsNull(string text) => Assert.Null(ChampionCommand.ParseMention(text));

    private static ViewSubmission Submission(string userId, string nomineeId, string reason) => new()
    {
        Team = new TeamInfo { Id = ChampionsWorld.Team },
        User = new UserInfo { Id = userId },
        View = new ViewInfo
        {
            Id = "V1",
            CallbackId = NominateChampionSubmission.CallbackId,
            State = new ViewState
            {
                Values = new()
                {
                    [ChampionBlocks.NomineeBlockId] = new() { [ChampionBlocks.NomineeActionId] = new ElementValue { Type = "users_select", SelectedUser = nomineeId } },
                    [ChampionBlocks.ReasonBlockId] = new() { [ChampionBlocks.ReasonActionId] = new ElementValue { Type = "plain_text_input", Value = reason } },
                },
            },
        },
    };
}
