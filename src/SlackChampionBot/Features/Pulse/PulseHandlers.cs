using System.Globalization;
using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Rendering;

namespace SlackChampionBot.Features.Pulse;

/// <summary>A click on an answer button (1-5, or 0-10 for eNPS) in a pulse DM: records it and updates the DM in place.</summary>
internal sealed class PulseAnswerAction(PulseService pulse, ISlackApiClient slack, SlackRequestContext context, ILogger<PulseAnswerAction> logger)
    : IBlockActionHandler<ButtonAction>
{
    /// <summary>Buttons are <c>pulse_answer_0</c> … <c>pulse_answer_10</c> (action IDs must differ within a block).</summary>
    public const string ActionIdPrefix = "pulse_answer_";

    public static IEnumerable<string> ActionIds => Enumerable.Range(0, 11).Select(v => ActionIdPrefix + v.ToString(CultureInfo.InvariantCulture));

    public async Task Handle(ButtonAction action, BlockActionRequest request)
    {
        if (!PulseBlocks.TryParseAnswerValue(action.Value, out var surveyId, out var question, out var value))
        {
            return;
        }

        var teamId = string.IsNullOrEmpty(context.TeamId) ? request.Team?.Id ?? string.Empty : context.TeamId;
        var channel = request.Channel?.Id ?? request.Container?.ChannelId;
        var ts = request.Container?.MessageTs ?? request.Message?.Ts;
        var outcome = await pulse.Answer(teamId, request.User.Id, channel, surveyId, question, value, CancellationToken.None);
        await Reply(slack, outcome, request.User.Id, channel, ts, logger, surveyId);
    }

    internal static async Task Reply(ISlackApiClient slack, AnswerOutcome outcome, string userId, string? channel, string? ts, ILogger logger, long surveyId)
    {
        if (channel is null || ts is null)
        {
            return;
        }

        switch (outcome.Status)
        {
            case AnswerStatus.Recorded:
                await slack.Chat.Update(PulseBlocks.Answered(channel, ts, outcome.Survey!, outcome.Answers!));
                break;
            case AnswerStatus.Closed:
                await slack.Chat.Update(PulseBlocks.Closed(channel, ts));
                break;
            case AnswerStatus.NotRecipient:
                PulseLog.NotRecipient(logger, surveyId);
                await slack.Chat.PostEphemeral(userId, new Message { Channel = channel, Text = "This pulse survey was sent to someone else, so it can't take your answer." });
                break;
            default:
                PulseLog.InvalidAnswer(logger, surveyId);
                break;
        }
    }
}

/// <summary>"Add an anonymous comment": opens the comment modal (with the trigger_id, first thing).</summary>
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

        var teamId = string.IsNullOrEmpty(context.TeamId) ? request.Team?.Id ?? string.Empty : context.TeamId;
        var channel = request.Channel?.Id ?? request.Container?.ChannelId;
        var ts = request.Container?.MessageTs ?? request.Message?.Ts;
        var (status, _) = await pulse.CheckCanAnswer(teamId, request.User.Id, channel, surveyId, CancellationToken.None);
        if (status == AnswerStatus.Recorded)
        {
            await slack.Views.Open(request.TriggerId, PulseBlocks.CommentModal(surveyId, channel, ts));
        }
        else
        {
            await PulseAnswerAction.Reply(slack, new AnswerOutcome(status), request.User.Id, channel, ts, logger, surveyId);
        }
    }
}

/// <summary>The comment modal's submission: stores the comment without a name, then shows it in the person's DM.</summary>
internal sealed class PulseCommentSubmission(PulseService pulse, ISlackApiClient slack, SlackRequestContext context, ILogger<PulseCommentSubmission> logger)
    : IViewSubmissionHandler
{
    public const string CallbackId = "pulse_comment_modal";
    public const string BlockId = "pulse_comment_text";
    public const string InputActionId = "comment";

    public async Task<ViewSubmissionResponse> Handle(ViewSubmission viewSubmission)
    {
        if (!PulseBlocks.TryParseCommentMetadata(viewSubmission.View.PrivateMetadata, out var surveyId, out var channel, out var ts))
        {
            return ViewSubmissionResponse.Null;
        }

        var text = viewSubmission.View.State.GetValue(BlockId, InputActionId)?.Value ?? string.Empty;
        var teamId = string.IsNullOrEmpty(context.TeamId) ? viewSubmission.Team?.Id ?? string.Empty : context.TeamId;
        var outcome = await pulse.Comment(teamId, viewSubmission.User.Id, channel, surveyId, text, CancellationToken.None);
        switch (outcome.Status)
        {
            case AnswerStatus.Recorded:
                if (channel is not null && ts is not null)
                {
                    // The DM's button now reads "Edit your anonymous comment". The comment is stored either way.
                    try
                    {
                        await slack.Chat.Update(PulseBlocks.Answered(channel, ts, outcome.Survey!, outcome.Answers!));
                    }
                    catch (SlackException ex)
                    {
                        PulseLog.CommentDmNotUpdated(logger, surveyId, ex.ErrorCode);
                    }
                }

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

/// <summary><c>/pulse results|export|send-now</c>, for HR only.</summary>
internal sealed class PulseCommand(
    IOptions<PulseOptions> options,
    Roles roles,
    PulseResults results,
    PulseBackgroundQueue queue) : ISlashCommandHandler
{
    public const string Command = "/pulse";

    public const string RefusalText = "Sorry, pulse results are only for HR. Your own answers stay anonymous, and nobody can see who answered what.";

    public async Task<SlashCommandResponse> Handle(SlashCommand command)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return SlashCommandResponse.Ephemeral("The pulse survey is not switched on here (an admin sets Pulse:Audience).");
        }

        if (!await roles.IsHr(command.TeamId, command.UserId))
        {
            return SlashCommandResponse.Ephemeral(RefusalText);
        }

        var words = command.Text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var verb = words.Length == 0 ? "help" : words[0].ToLowerInvariant();
        var argument = words.Length > 1 ? words[1] : null;
        switch (verb)
        {
            case "results":
                return await Results(command.TeamId, argument);
            case "export":
                queue.Enqueue((sp, ct) => sp.GetRequiredService<PulseExport>().SendTo(command.TeamId, command.UserId, argument, ct));
                return SlashCommandResponse.Ephemeral("Preparing the export: I'll send the CSV to you in a DM.");
            case "send-now":
                queue.Enqueue((sp, ct) => sp.GetRequiredService<PulseTickJob>().OpenNow(ct));
                return SlashCommandResponse.Ephemeral("Opening a pulse now: the DMs go out over the next minutes (unless a pulse is already open).");
            default:
                return SlashCommandResponse.Ephemeral("Pulse commands", PulseBlocks.Help());
        }
    }

    private async Task<SlashCommandResponse> Results(string teamId, string? selector) =>
        await results.Build(teamId, selector, CancellationToken.None) switch
        {
            PulseReportReady ready => SlashCommandResponse.Ephemeral("Pulse results for " + ready.OpenedAt.ToString("d MMM yyyy", BotCulture.English), PulseBlocks.Results(ready)),
            PulseReportWithheld withheld => SlashCommandResponse.Ephemeral(PulseBlocks.WithheldText(withheld.Responses, withheld.Threshold)),
            PulseReportMissing missing => SlashCommandResponse.Ephemeral(missing.Reason),
            _ => SlashCommandResponse.Ephemeral("No results."),
        };
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
        await slack.Chat.PostMessage(new Message { Channel = channel, Text = "No export: " + text }, cancellationToken);
    }
}
