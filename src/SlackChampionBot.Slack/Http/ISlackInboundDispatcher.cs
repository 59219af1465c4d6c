using System.Text.Json;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Http;

/// <summary>
/// The one place both transports (HTTP and Socket Mode) hand what Slack sent them. Verification (signatures for HTTP)
/// happens before this; acknowledgement happens after it returns.
/// </summary>
internal interface ISlackInboundDispatcher
{
    /// <summary>
    /// Makes an <c>event_callback</c> durable in the inbox (keyed by <c>event_id</c>) and returns once it is stored;
    /// a background dispatcher runs the handlers later. Returns false when the event was already in the inbox
    /// (a retry), true when it is new. Throws <see cref="FormatException"/> when the body is not a usable event callback.
    /// </summary>
    Task<bool> AcceptEvent(ReadOnlyMemory<byte> eventCallbackJson, int retryNum, string transport, CancellationToken cancellationToken);

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
