using System.Globalization;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Rendering;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Pulse;

/// <summary>
/// A click on an answer button (1-5, or 0-10 for eNPS) in a pulse DM: records it, confirms the value privately
/// (ephemeral) and updates the DM's progress. The DM itself never shows a value: it stays in Slack's history.
/// </summary>
internal sealed class PulseAnswerAction(PulseService pulse, ISlackApiClient slack, SlackRequestContext context, ILogger<PulseAnswerAction> logger)
    : IBlockActionHandler<ButtonAction>
{
    /// <summary>Buttons are <c>pulse_answer_0</c> … <c>pulse_answer_10</c> (action IDs must differ within a block).</summary>
    public const string ActionIdPrefix = "pulse_answer_";

    public const string FailedText = "Sorry, that answer could not be saved. Please try again in a moment.";

    public static IEnumerable<string> ActionIds => Enumerable.Range(0, 11).Select(v => ActionIdPrefix + v.ToString(CultureInfo.InvariantCulture));

    public async Task Handle(ButtonAction action, BlockActionRequest request)
    {
        if (!PulseBlocks.TryParseAnswerValue(action.Value, out var surveyId, out var question, out var value))
        {
            return;
        }

        var teamId = context.TeamId;
        var channel = request.Channel?.Id ?? request.Container?.ChannelId;
        var ts = request.Container?.MessageTs ?? request.Message?.Ts;
        AnswerOutcome outcome;
        try
        {
            outcome = await pulse.Answer(teamId, request.User.Id, channel, surveyId, question, value, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Handled here, not by the adapter: its failure log names the action id, which for these buttons is the value.
            PulseLog.AnswerFailed(logger, surveyId, ex.GetType().Name);
            await Say(slack, request.User.Id, channel, FailedText, logger, surveyId);
            return;
        }

        if (outcome.Status == AnswerStatus.Recorded && channel is not null)
        {
            if (outcome.ProgressChanged && ts is not null)
            {
                await Send(() => slack.Chat.Update(PulseBlocks.Progress(channel, ts, outcome.Survey!, outcome.Progress!)), logger, surveyId);
            }

            await Send(() => slack.Chat.PostEphemeral(request.User.Id, PulseBlocks.Confirmation(channel, outcome.Survey!, question, value)), logger, surveyId);
            return;
        }

        await Reply(slack, outcome, request.User.Id, channel, ts, logger, surveyId);
    }

    /// <summary>The answer to a click that recorded nothing: the DM says the pulse closed, or a private refusal.</summary>
    internal static async Task Reply(ISlackApiClient slack, AnswerOutcome outcome, string userId, string? channel, string? ts, ILogger logger, long surveyId)
    {
        switch (outcome.Status)
        {
            case AnswerStatus.Closed when channel is not null && ts is not null:
                await Send(() => slack.Chat.Update(PulseBlocks.Closed(channel, ts)), logger, surveyId);
                break;
            case AnswerStatus.NotRecipient:
                PulseLog.NotRecipient(logger, surveyId);
                await Say(slack, userId, channel, "This pulse survey was sent to someone else, so it can't take your answer.", logger, surveyId);
                break;
            case AnswerStatus.Invalid:
                PulseLog.InvalidAnswer(logger, surveyId);
                break;
        }
    }

    internal static Task Say(ISlackApiClient slack, string userId, string? channel, string text, ILogger logger, long surveyId) =>
        channel is null ? Task.CompletedTask : Send(() => slack.Chat.PostEphemeral(userId, new Message { Channel = channel, Text = text }), logger, surveyId);

    /// <summary>A reply that may fail without undoing what was stored (logged without a user or a value).</summary>
    private static async Task Send(Func<Task> call, ILogger logger, long surveyId)
    {
        try
        {
            await call();
        }
        catch (SlackException ex)
        {
            PulseLog.ReplyNotSent(logger, surveyId, ex.ErrorCode);
        }
    }
}

/// <summary>"Write an anonymous comment": opens the comment modal (with the trigger_id, first thing).</summary>
internal sealed class PulseCommentAction(PulseService pulse, ISlackApiClient slack, SlackRequestContext context, ILogger<PulseCommentAction> logger)
    : IBlockActionHandler<ButtonAction>
{
    public const string ActionId = "pulse_comment";

    public async Task Handle(ButtonAction action, BlockActionRequest request)
    {
        if (!long.TryParse(action.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var surveyId) || request.TriggerId is null)
        {
            return;
        }

        var teamId = context.TeamId;
        var channel = request.Channel?.Id ?? request.Container?.ChannelId;
        var ts = request.Container?.MessageTs ?? request.Message?.Ts;
        var (status, survey) = await pulse.CheckCanAnswer(teamId, request.User.Id, channel, surveyId, CancellationToken.None);
        if (status == AnswerStatus.Recorded)
        {
            var progress = await pulse.Progress(survey!, request.User.Id, CancellationToken.None);
            await slack.Views.Open(request.TriggerId, PulseBlocks.CommentModal(surveyId, channel, ts, progress.HasComment));
        }
        else
        {
            await PulseAnswerAction.Reply(slack, new AnswerOutcome(status), request.User.Id, channel, ts, logger, surveyId);
        }
    }
}

/// <summary>The comment modal's submission: stores the comment without a name and confirms it privately.</summary>
internal sealed class PulseCommentSubmission(PulseService pulse, ISlackApiClient slack, SlackRequestContext context, ILogger<PulseCommentSubmission> logger)
    : IViewSubmissionHandler
{
    public const string CallbackId = "pulse_comment_modal";
    public const string BlockId = "pulse_comment_text";
    public const string InputActionId = "comment";

    public async Task<ViewSubmissionResponse> Handle(ViewSubmission viewSubmission)
    {
        if (!PulseBlocks.TryParseCommentMetadata(viewSubmission.View.PrivateMetadata, out var surveyId, out var channel, out _))
        {
            return ViewSubmissionResponse.Null;
        }

        var text = viewSubmission.View.State.GetValue(BlockId, InputActionId)?.Value ?? string.Empty;
        var teamId = context.TeamId;
        AnswerOutcome outcome;
        try
        {
            outcome = await pulse.Comment(teamId, viewSubmission.User.Id, channel, surveyId, text, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PulseLog.AnswerFailed(logger, surveyId, ex.GetType().Name);
            return ViewSubmissionResponse.WithErrors(new Dictionary<string, string> { [BlockId] = "Sorry, your comment could not be saved. Please try again in a moment." });
        }

        switch (outcome.Status)
        {
            case AnswerStatus.Recorded:
                // The DM shows nothing about comments (it stays in Slack's history); the confirmation is private.
                await PulseAnswerAction.Say(slack, viewSubmission.User.Id, channel, PulseBlocks.CommentSavedText, logger, surveyId);
                return ViewSubmissionResponse.Null;
            case AnswerStatus.Closed:
                return ViewSubmissionResponse.WithErrors(new Dictionary<string, string> { [BlockId] = "This pulse has closed." });
            case AnswerStatus.NotRecipient:
                return ViewSubmissionResponse.WithErrors(new Dictionary<string, string> { [BlockId] = "This pulse survey was sent to someone else." });
            default:
                return ViewSubmissionResponse.WithErrors(new Dictionary<string, string> { [BlockId] = "Please write something, or cancel." });
        }
    }

    public Task HandleClose(ViewClosed viewClosed) => Task.CompletedTask;
}

/// <summary><c>/pulse results|export|trends|send-now|close</c>, for HR only.</summary>
internal sealed class PulseCommand(
    IOptions<PulseOptions> options,
    Roles roles,
    PulseService pulse,
    PulseResults results,
    IBackgroundJobs jobs) : ISlashCommandHandler
{
    public const string Command = "/pulse";

    public const string RefusalText = "Sorry, pulse results are only for HR. Your own answers stay anonymous: nobody can see who answered what.";

    public async Task<SlashCommandResponse> Handle(SlashCommand command)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return SlashCommandResponse.Ephemeral("The pulse survey is not switched on here (an admin sets Pulse:Audience).");
        }

        var words = command.Text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var verb = words.Length == 0 ? "help" : words[0].ToLowerInvariant();
        var argument = words.Length > 1 ? words[1] : null;
        if (!await IsHr(command.TeamId, command.UserId))
        {
            return SlashCommandResponse.Ephemeral(PulseBlocks.Refusal(verb));
        }

        switch (verb)
        {
            case "results":
                return await Results(command.TeamId, argument);
            case "export":
                jobs.Enqueue<PulseExport>(export => export.SendTo(command.TeamId, command.UserId, argument, CancellationToken.None));
                return SlashCommandResponse.Ephemeral("Preparing the export: I'll send the CSV to you in a DM.");
            case "send-now":
                var (survey, opened) = await pulse.OpenNow(command.TeamId, CancellationToken.None);
                if (!opened)
                {
                    return SlashCommandResponse.Ephemeral(PulseBlocks.AlreadyOpen(survey.ClosesAt));
                }

                jobs.Enqueue<PulseTickJob>(tick => tick.RunNow(CancellationToken.None));
                return SlashCommandResponse.Ephemeral(PulseBlocks.Opened(survey.ClosesAt));
            case "close":
                return await Close(command.TeamId);
            case "trends":
                if (PulseTrends.ParseMonths(argument) is not { } months)
                {
                    return SlashCommandResponse.Ephemeral(PulseBlocks.TrendsUsage);
                }

                jobs.Enqueue<PulseTrendsDelivery>(trends => trends.SendTo(command.TeamId, command.UserId, months, CancellationToken.None));
                return SlashCommandResponse.Ephemeral(PulseBlocks.TrendsQueued(months));
            default:
                return SlashCommandResponse.Ephemeral("Pulse commands", PulseBlocks.Help());
        }
    }

    private async Task<SlashCommandResponse> Results(string teamId, string? selector)
    {
        var open = await pulse.OpenSurvey(teamId, CancellationToken.None);
        var notice = open is null ? null : PulseBlocks.OpenNotice(open.ClosesAt);
        return await results.Build(teamId, selector, CancellationToken.None) switch
        {
            PulseReportReady ready => SlashCommandResponse.Ephemeral(
                "Pulse results for " + ready.OpenedAt.ToString("d MMM yyyy", BotCulture.English),
                notice is null ? PulseBlocks.Results(ready) : [new ContextBlock { Elements = [new ContextText(notice)] }, .. PulseBlocks.Results(ready).Take(Block.MaxBlocksInMessage - 1)]),
            PulseReportWithheld withheld => SlashCommandResponse.Ephemeral(Join(notice, PulseBlocks.WithheldText(withheld.Responses, withheld.Threshold))),
            PulseReportMissing missing => SlashCommandResponse.Ephemeral(Join(notice, missing.Reason)),
            _ => SlashCommandResponse.Ephemeral("No results."),
        };

        static string Join(string? notice, string text) => notice is null ? text : notice + " " + text;
    }

    /// <summary><c>/pulse close</c>: the same closing path as the end of the survey, in the background (it may be long).</summary>
    private async Task<SlashCommandResponse> Close(string teamId)
    {
        if (await pulse.OpenSurvey(teamId, CancellationToken.None) is not { } open)
        {
            return SlashCommandResponse.Ephemeral(PulseBlocks.NothingToClose);
        }

        var dms = await pulse.DmCount(open.Id, CancellationToken.None);
        jobs.Enqueue<PulseCloser>(closer => closer.CloseAndCleanUp(open.Id, CancellationToken.None));
        return SlashCommandResponse.Ephemeral(PulseBlocks.Closing(open.OpenedAt, dms, options.Value.CloseUpdatesPerMinute));
    }

    /// <summary>Whether the person may use the HR commands (the one place this feature asks: <see cref="Roles.IsHr"/>).</summary>
    private Task<bool> IsHr(string teamId, string userId) => roles.IsHr(teamId, userId);
}

/// <summary>Builds the export under the results' rules and DMs it to the HR person as a CSV file.</summary>
internal sealed class PulseExport(PulseResults results, ISlackApiClient slack)
{
    public async Task SendTo(string teamId, string userId, string? selector, CancellationToken cancellationToken)
    {
        var report = await results.Build(teamId, selector, cancellationToken);
        var channel = await slack.Conversations.Open([userId], cancellationToken);
        if (report is PulseReportReady ready)
        {
            await slack.Files.Upload(PulseBlocks.Csv(ready), string.Create(CultureInfo.InvariantCulture, $"pulse-{ready.OpenedAt:yyyy-MM-dd}.csv"), channel, "Pulse results " + ready.OpenedAt.ToString("d MMM yyyy", BotCulture.English), "Here is the pulse export you asked for.", cancellationToken);
            return;
        }

        var text = report switch
        {
            PulseReportWithheld w => PulseBlocks.WithheldText(w.Responses, w.Threshold),
            PulseReportMissing m => m.Reason,
            _ => "No results.",
        };
        await slack.Chat.PostMessage(new Message { Channel = channel, Text = PulseBlocks.NoExport(text) }, cancellationToken);
    }
}
