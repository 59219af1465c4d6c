using SlackChampionBot.Slack.Blocks;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Tests.TestSupport;

internal sealed class MessageHandler(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IEventHandler<MessageEvent>
{
    public Task Handle(MessageEvent slackEvent)
    {
        recorder.Add(nameof(MessageHandler), slackEvent, context, scope);
        return Task.CompletedTask;
    }
}

internal sealed class SecondMessageHandler(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IEventHandler<MessageEvent>
{
    public Task Handle(MessageEvent slackEvent)
    {
        recorder.Add(nameof(SecondMessageHandler), slackEvent, context, scope);
        return Task.CompletedTask;
    }
}

internal sealed class MessageChangedHandler(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IEventHandler<MessageChanged>
{
    public Task Handle(MessageChanged slackEvent)
    {
        recorder.Add(nameof(MessageChangedHandler), slackEvent, context, scope);
        return Task.CompletedTask;
    }
}

internal sealed class ReactionAddedHandler(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IEventHandler<ReactionAdded>
{
    public Task Handle(ReactionAdded slackEvent)
    {
        recorder.Add(nameof(ReactionAddedHandler), slackEvent, context, scope);
        return Task.CompletedTask;
    }
}

internal sealed class AnyEventHandler(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IEventHandler<Event>
{
    public Task Handle(Event slackEvent)
    {
        recorder.Add(nameof(AnyEventHandler), slackEvent, context, scope);
        return Task.CompletedTask;
    }
}

internal sealed class FlakyConfig
{
    public int FailuresBeforeSuccess { get; set; } = int.MaxValue;
}

/// <summary>Fails the first <see cref="FailuresBeforeSuccess"/> times per event (int.MaxValue: always).</summary>
internal sealed class FlakyReactionHandler(Recorder recorder, FlakyConfig config, SlackRequestContext context, ScopeMarker scope) : IEventHandler<ReactionAdded>
{
    public Task Handle(ReactionAdded slackEvent)
    {
        recorder.Add(nameof(FlakyReactionHandler), slackEvent, context, scope);
        var tries = recorder.For(nameof(FlakyReactionHandler)).Count(c => c.EventId == context.EventId);
        if (tries <= config.FailuresBeforeSuccess)
        {
            throw new InvalidOperationException($"boom {tries}");
        }

        return Task.CompletedTask;
    }
}

internal sealed class WinCommand(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : ISlashCommandHandler
{
    public const string Command = "/win";

    public Task<SlashCommandResponse> Handle(SlashCommand command)
    {
        recorder.Add(nameof(WinCommand), command, context, scope);
        return Task.FromResult(command.Text == "quiet"
            ? SlashCommandResponse.None
            : new SlashCommandResponse { ResponseType = ResponseType.InChannel, Message = new Message { Text = "Win: " + Mrkdwn.Escape(command.Text) } });
    }
}

internal sealed class ThrowingCommand : ISlashCommandHandler
{
    public Task<SlashCommandResponse> Handle(SlashCommand command) => throw new InvalidOperationException("kaputt");
}

internal sealed class LikeButton(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IBlockActionHandler<ButtonAction>
{
    public const string ActionId = "like";

    public Task Handle(ButtonAction action, BlockActionRequest request)
    {
        recorder.Add(nameof(LikeButton), (action, request), context, scope);
        return Task.CompletedTask;
    }
}

internal sealed class PickSelect(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IBlockActionHandler<StaticSelectAction>
{
    public const string ActionId = "pick";

    public Task Handle(StaticSelectAction action, BlockActionRequest request)
    {
        recorder.Add(nameof(PickSelect), action, context, scope);
        return Task.CompletedTask;
    }
}

internal sealed class ThrowingButton : IBlockActionHandler<ButtonAction>
{
    public Task Handle(ButtonAction action, BlockActionRequest request) => throw new InvalidOperationException("kaputt");
}

internal sealed class WinModal(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IViewSubmissionHandler
{
    public const string CallbackId = "win_modal";

    public Task<ViewSubmissionResponse> Handle(ViewSubmission viewSubmission)
    {
        recorder.Add(nameof(WinModal), viewSubmission, context, scope);
        var text = viewSubmission.View.State.GetValue("what", "what_input")?.Value;
        return Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? ViewSubmissionResponse.WithErrors(new Dictionary<string, string> { ["what"] = "Say what you won." })
            : ViewSubmissionResponse.Null);
    }

    public Task HandleClose(ViewClosed viewClosed)
    {
        recorder.Add(nameof(WinModal) + ".Close", viewClosed, context, scope);
        return Task.CompletedTask;
    }
}

internal sealed class ColleagueOptions(Recorder recorder, SlackRequestContext context, ScopeMarker scope) : IBlockOptionProvider
{
    public const string ActionId = "colleague";

    public Task<BlockOptionsResponse> GetOptions(BlockOptionsRequest request)
    {
        recorder.Add(nameof(ColleagueOptions), request, context, scope);
        return Task.FromResult(new BlockOptionsResponse
        {
            Options = [new Option { Text = new PlainText { Text = "Ada " + request.Value }, Value = "U1" }],
        });
    }
}
