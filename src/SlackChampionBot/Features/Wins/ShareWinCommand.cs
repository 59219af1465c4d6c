using Microsoft.Extensions.Options;
using SlackChampionBot.Features.People;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Workspaces;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Wins;

/// <summary>
/// <c>/win [what happened…]</c>: opens the "Share a customer win" form, with anything typed after the command as the
/// story (and the colleagues it mentions ticked in "Colleagues to credit"), so nothing typed is lost.
/// </summary>
internal sealed class ShareWinCommand(ShareWinForm form, UserDirectory users) : ISlashCommandHandler
{
    public const string Command = "/win";

    public async Task<SlashCommandResponse> Handle(SlashCommand command)
    {
        ShareWinDraft? draft = null;
        if (!string.IsNullOrWhiteSpace(command.Text))
        {
            // The command's text is Slack markup (mentions as <@U…|name>); the form's field is plain text.
            var mentioned = QuotedText.MentionedUserIds(command.Text);
            var known = await users.GetMany(command.TeamId, mentioned);
            var names = known.ToDictionary(u => u.Key, u => u.Value.DisplayName, StringComparer.Ordinal);
            draft = new ShareWinDraft(QuotedText.Plain(command.Text.Trim(), names), mentioned.Where(known.ContainsKey).ToList());
        }

        return await form.Open(command.TriggerId, draft) is { } problem
            ? SlashCommandResponse.Ephemeral(problem + " Please try /win again.")
            : SlashCommandResponse.None;
    }
}

/// <summary>What the form opens with: the story typed after <c>/win</c> and the colleagues it mentions.</summary>
internal sealed record ShareWinDraft(string Story, IReadOnlyList<string> CreditedIds);

/// <summary>The "Share a win" button on the App Home tab: opens the same form as <c>/win</c>.</summary>
internal sealed class ShareWinButton(ShareWinForm form, ISlackApiClient slack, ILogger<ShareWinButton> logger) : IBlockActionHandler<ButtonAction>
{
    public const string ActionId = "open_win_modal";

    public async Task Handle(ButtonAction action, BlockActionRequest request)
    {
        if (await form.Open(request.TriggerId, draft: null) is { } problem && !string.IsNullOrEmpty(request.TriggerId))
        {
            // No channel to answer in on the Home tab: say it in a small modal instead.
            try
            {
                await slack.Views.Open(request.TriggerId, WinsBlocks.Notice("Share a customer win", problem));
            }
            catch (SlackException ex)
            {
                WinsLog.ModalOpenFailed(logger, ex.ErrorCode);
            }
        }
    }
}

/// <summary>Opens the "Share a customer win" modal; returns why not (for the person) when it cannot.</summary>
internal sealed class ShareWinForm(ISlackApiClient slack, IOptions<WinsOptions> options, ILogger<ShareWinForm> logger)
{
    public async Task<string?> Open(string? triggerId, ShareWinDraft? draft)
    {
        if (options.Value.Channels.Length == 0)
        {
            return "No wins channel is set up yet, so there is nowhere to share a win. Ask an admin to set Wins:Channels.";
        }

        if (string.IsNullOrEmpty(triggerId))
        {
            return "Slack didn't send what I need to open the form.";
        }

        try
        {
            await slack.Views.Open(triggerId, WinsBlocks.ShareWinModal(ShareWinSubmission.CallbackId, draft));
            return null;
        }
        catch (SlackException ex)
        {
            WinsLog.ModalOpenFailed(logger, ex.ErrorCode);
            return "I couldn't open the form in time.";
        }
    }
}

/// <summary>The /win form was submitted: validate, post the win on the poster's behalf, record and celebrate it.</summary>
internal sealed class ShareWinSubmission(
    WinService wins,
    StarLedger ledger,
    WinAnnouncer announcer,
    ISlackApiClient slack,
    SlackConnection connection,
    SlackRequestContext context,
    IOptions<WinsOptions> options,
    ILogger<ShareWinSubmission> logger) : IViewSubmissionHandler
{
    public const string CallbackId = "share_win";

    public async Task<ViewSubmissionResponse> Handle(ViewSubmission viewSubmission)
    {
        var settings = options.Value;
        var form = Read(viewSubmission.View.State);
        if (Validate(form, settings) is { } errors)
        {
            return ViewSubmissionResponse.WithErrors(errors);
        }

        var teamId = context.TeamId; // the adapter fills it from team.id, user.team_id or view.team_id
        var posterId = viewSubmission.User.Id;
        var sourceId = $"view:{viewSubmission.View.Id}";
        if (await ledger.HasEntriesFrom(teamId, sourceId))
        {
            return ViewSubmissionResponse.Null; // the same submission again: already shared
        }

        var channelId = settings.Channels[0];
        string? ts;
        try
        {
            ts = (await slack.Chat.PostMessage(WinsBlocks.FormWin(channelId, posterId, form))).Ts;
        }
        catch (SlackException ex)
        {
            WinsLog.FormPostFailed(logger, channelId, ex.ErrorCode);
            return ViewSubmissionResponse.WithErrors(new Dictionary<string, string>
            {
                [WinsBlocks.StoryBlock] = $"I couldn't post to the wins channel ({ex.ErrorCode}). Ask an admin to invite me there, then try again.",
            });
        }

        if (string.IsNullOrEmpty(ts))
        {
            return ViewSubmissionResponse.Null;
        }

        var botUserId = await connection.BotUserId();
        var result = await wins.RecordForm(teamId, posterId, form, channelId, ts, sourceId, botUserId);
        if (result.Status == WinPostStatus.Recorded)
        {
            await announcer.Recorded(teamId, result, posterId, channelId, ts);
        }

        return ViewSubmissionResponse.Null;
    }

    public Task HandleClose(ViewClosed viewClosed) => Task.CompletedTask;

    internal static WinForm Read(ViewState state)
    {
        static string? Text(ViewState s, string block, string action) => s.GetValue(block, action)?.Value;
        LifecycleStage? stage = WinsOptions.TryParseValue<LifecycleStage>(state.GetValue(WinsBlocks.StageBlock, WinsBlocks.StageAction)?.SelectedOption?.Value, out var s) ? s : null;
        ExperienceKind? kind = WinsOptions.TryParseValue<ExperienceKind>(state.GetValue(WinsBlocks.ExperienceBlock, WinsBlocks.ExperienceAction)?.SelectedOption?.Value, out var k) ? k : null;
        var credits = state.GetValue(WinsBlocks.CreditsBlock, WinsBlocks.CreditsAction)?.SelectedUsers?.Where(Mrkdwn.IsUserId).ToList() ?? [];
        return new WinForm(
            Text(state, WinsBlocks.StoryBlock, WinsBlocks.StoryAction)?.Trim() ?? string.Empty,
            Text(state, WinsBlocks.CustomerBlock, WinsBlocks.CustomerAction),
            stage,
            kind,
            Text(state, WinsBlocks.KpiBlock, WinsBlocks.KpiAction),
            credits);
    }

    internal static Dictionary<string, string>? Validate(WinForm form, WinsOptions settings)
    {
        if (string.IsNullOrWhiteSpace(form.Story))
        {
            return new() { [WinsBlocks.StoryBlock] = "Tell us what happened for the customer." };
        }

        // The story is plain text: escape it the way Slack would so the same rule as for messages applies.
        if (WinText.Read(Mrkdwn.Escape(form.Story), settings).StoryLength < settings.MinimumTextLength)
        {
            return new() { [WinsBlocks.StoryBlock] = $"A few more words, please: at least {settings.MinimumTextLength} characters about what happened." };
        }

        return null;
    }
}
