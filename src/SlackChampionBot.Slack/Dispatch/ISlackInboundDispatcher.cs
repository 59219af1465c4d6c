using System.Text.Json;
using SlackChampionBot.Slack.Http;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// The one place both transports (HTTP and Socket Mode) hand what Slack sent them, each naming itself
/// (<see cref="SlackTransport"/>). Verification (signatures for HTTP) happens before this; acknowledgement happens
/// after it returns. A <see cref="FormatException"/> means the payload is malformed: the transport answers 400 (HTTP)
/// or acknowledges and logs it (Socket Mode), and nothing was stored or run. Handler failures never come out of here.
/// </summary>
internal interface ISlackInboundDispatcher
{
    /// <summary>
    /// Makes an <c>event_callback</c> durable in the inbox (keyed by <c>event_id</c>, with the transport it came on)
    /// and returns once it is stored; a background dispatcher runs the handlers later. Returns false when the event
    /// was already in the inbox (a retry), true when it is new. <paramref name="envelope"/> is what
    /// <see cref="EventEnvelope.Read"/> made of <paramref name="eventCallbackJson"/>.
    /// </summary>
    Task<bool> AcceptEvent(EventEnvelope envelope, ReadOnlyMemory<byte> eventCallbackJson, int retryNum, string transport, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the slash command's handler in a new DI scope. An unknown command, or a handler that throws, gets a polite
    /// ephemeral answer instead of an error. Serialise the answer with <see cref="SlackResponseSerializer"/> (null bytes
    /// for <see cref="SlashCommandResponse.None"/>: an empty acknowledgement).
    /// </summary>
    Task<SlashCommandResponse?> DispatchSlashCommand(SlashCommand command, string transport, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the handler for an interactivity payload (<c>block_actions</c>, <c>view_submission</c>, <c>view_closed</c>,
    /// <c>block_suggestion</c>) in a new DI scope. Returns what goes in the HTTP response body / the Socket Mode ack
    /// payload (e.g. a <see cref="ViewSubmissionResponse"/> with errors, or a <see cref="BlockOptionsResponse"/>), or null
    /// for an empty acknowledgement.
    /// </summary>
    Task<object?> DispatchInteraction(JsonElement payload, string transport, CancellationToken cancellationToken);
}
