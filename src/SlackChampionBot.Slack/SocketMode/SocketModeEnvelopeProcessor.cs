using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Http;

namespace SlackChampionBot.Slack.SocketMode;

/// <summary>
/// Turns one Socket Mode envelope into a call on <see cref="ISlackInboundDispatcher"/> and builds its acknowledgement.
/// A malformed payload is acknowledged (redelivering it would not make it readable) with one log line, as the HTTP
/// transport answers it 400. Returns null when the envelope must not be acknowledged: the work failed for a reason a
/// redelivery can cure (the inbox could not store the event).
/// </summary>
internal sealed class SocketModeEnvelopeProcessor(ISlackInboundDispatcher dispatcher, ILogger<SocketModeEnvelopeProcessor> logger)
{
    public const string Transport = SlackTransport.SocketMode;

    public async Task<byte[]?> Process(string envelopeId, string type, JsonElement envelope, CancellationToken cancellationToken)
    {
        if (!envelope.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            SocketModeLog.EnvelopeWithoutPayload(logger, envelopeId, type);
            return Ack(envelopeId, null);
        }

        try
        {
            switch (type)
            {
                case "events_api":
                    await ProcessEvent(envelopeId, envelope, payload, cancellationToken).ConfigureAwait(false);
                    return Ack(envelopeId, null);
                case "slash_commands":
                    var response = await dispatcher.DispatchSlashCommand(SlackPayloads.SlashCommandFromJson(payload), Transport, cancellationToken).ConfigureAwait(false);
                    var acceptsPayload = envelope.TryGetProperty("accepts_response_payload", out var accepts) && accepts.ValueKind == JsonValueKind.True;
                    return Ack(envelopeId, acceptsPayload ? SlackResponseSerializer.Serialize(response) : null);
                case "interactive":
                    var result = await dispatcher.DispatchInteraction(payload, Transport, cancellationToken).ConfigureAwait(false);
                    return Ack(envelopeId, SlackResponseSerializer.Serialize(result));
                default:
                    SocketModeLog.UnknownEnvelopeType(logger, envelopeId, type);
                    return Ack(envelopeId, null);
            }
        }
        catch (FormatException ex)
        {
            SocketModeLog.MalformedPayload(logger, envelopeId, type, ex.Message);
            return Ack(envelopeId, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            SocketModeLog.EnvelopeFailed(logger, envelopeId, type, ex);
            return null;
        }
    }

    private async Task ProcessEvent(string envelopeId, JsonElement envelope, JsonElement payload, CancellationToken cancellationToken)
    {
        var retryAttempt = envelope.TryGetProperty("retry_attempt", out var retry) && retry.ValueKind == JsonValueKind.Number && retry.TryGetInt32(out var n) ? n : 0;
        var bytes = JsonMarshal.GetRawUtf8Value(payload).ToArray();
        var isNew = await dispatcher.AcceptEvent(EventEnvelope.Read(bytes), bytes, retryAttempt, Transport, cancellationToken).ConfigureAwait(false);
        if (!isNew)
        {
            SocketModeLog.DuplicateEvent(logger, envelopeId, retryAttempt);
        }
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
