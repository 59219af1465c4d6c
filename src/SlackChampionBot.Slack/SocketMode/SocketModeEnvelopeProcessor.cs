using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Slack.Http;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.SocketMode;

/// <summary>
/// Turns one Socket Mode envelope into a call on <see cref="ISlackInboundDispatcher"/> and builds its acknowledgement.
/// Returns null when the envelope must not be acknowledged (the work failed; Slack redelivers events).
/// </summary>
internal sealed class SocketModeEnvelopeProcessor(IServiceScopeFactory scopeFactory, ILogger<SocketModeEnvelopeProcessor> logger)
{
    public const string Transport = "socket_mode";

    public async Task<byte[]?> Process(string envelopeId, string type, JsonElement envelope, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<ISlackInboundDispatcher>();
        if (!envelope.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            Log.EnvelopeWithoutPayload(logger, envelopeId, type);
            return Ack(envelopeId, null);
        }

        try
        {
            switch (type)
            {
                case "events_api":
                    return await ProcessEvent(dispatcher, envelopeId, envelope, payload, cancellationToken).ConfigureAwait(false);
                case "slash_commands":
                    return await ProcessSlashCommand(dispatcher, envelopeId, envelope, payload, cancellationToken).ConfigureAwait(false);
                case "interactive":
                    var result = await dispatcher.DispatchInteraction(payload, Transport, cancellationToken).ConfigureAwait(false);
                    return Ack(envelopeId, SlackResponseSerializer.Serialize(result));
                default:
                    Log.UnknownEnvelopeType(logger, envelopeId, type);
                    return Ack(envelopeId, null);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.EnvelopeFailed(logger, envelopeId, type, ex);
            return null;
        }
    }

    private async Task<byte[]?> ProcessEvent(ISlackInboundDispatcher dispatcher, string envelopeId, JsonElement envelope, JsonElement payload, CancellationToken cancellationToken)
    {
        var retryAttempt = envelope.TryGetProperty("retry_attempt", out var retry) && retry.ValueKind == JsonValueKind.Number && retry.TryGetInt32(out var n) ? n : 0;
        var bytes = JsonMarshal.GetRawUtf8Value(payload).ToArray();
        try
        {
            var isNew = await dispatcher.AcceptEvent(bytes, retryAttempt, Transport, cancellationToken).ConfigureAwait(false);
            if (!isNew)
            {
                Log.DuplicateEvent(logger, envelopeId, retryAttempt);
            }
        }
        catch (FormatException ex)
        {
            // A body that is not a usable event callback will not become one on redelivery: acknowledge it so that
            // Slack stops retrying a poison message (the HTTP transport answers such bodies with a 4xx).
            Log.UnusableEvent(logger, envelopeId, ex);
        }

        return Ack(envelopeId, null);
    }

    private static async Task<byte[]?> ProcessSlashCommand(ISlackInboundDispatcher dispatcher, string envelopeId, JsonElement envelope, JsonElement payload, CancellationToken cancellationToken)
    {
        var command = payload.Deserialize<SlashCommand>(SlackJson.Options) ?? throw new FormatException("The slash command payload is empty.");
        var response = await dispatcher.DispatchSlashCommand(command, Transport, cancellationToken).ConfigureAwait(false);
        var acceptsPayload = envelope.TryGetProperty("accepts_response_payload", out var accepts) && accepts.ValueKind == JsonValueKind.True;
        return Ack(envelopeId, acceptsPayload ? SlackResponseSerializer.Serialize(response) : null);
    }

    /// <summary>
    /// <c>{"envelope_id":…, "payload":…}</c>. The payload is exactly what the HTTP transport would put in its response
    /// body (<see cref="SlackResponseSerializer"/>), so both transports answer Slack alike.
    /// </summary>
    internal static byte[] Ack(string envelopeId, byte[]? payload)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("envelope_id", envelopeId);
            if (payload is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payload, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
