using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Http;

/// <summary>Which of SlackNet's four routes a request came in on.</summary>
internal enum SlackEndpoint
{
    Event,
    Command,
    Action,
    Options,
}

/// <summary>
/// The HTTP transport: <c>/slack/event</c>, <c>/slack/command</c>, <c>/slack/action</c>, <c>/slack/options</c>.
/// Per request: size limit (413) → raw bytes read once into a pooled buffer → <c>ssl_check</c> (200, nothing else
/// looked at) → v0 signature (401, nothing stored) → parse (400 when malformed, never 500) → dispatch.
/// Events are durable in the inbox before the 200; a duplicate (Slack's retry) is also a 200.
/// <para>
/// Socket Mode: the routes always exist, but without a signing secret they answer 404, because an unsigned request can
/// never be verified and a 401 would suggest otherwise. With a secret set they work in Socket Mode too, so an app can
/// move between transports without downtime. In HTTP mode the secret is required at start (see
/// <see cref="SlackHttpOptionsValidator"/>).
/// </para>
/// </summary>
internal sealed class SlackHttpEndpoints(
    ISlackInboundDispatcher dispatcher,
    IOptions<SlackAdapterOptions> options,
    TimeProvider time,
    ILogger<SlackHttpEndpoints> logger)
{
    private const string Transport = SlackTransport.Http;
    private const string FormContentType = "application/x-www-form-urlencoded";
    private const int InitialBufferBytes = 4096;

    private readonly SlackAdapterOptions _options = options.Value;

    public async Task Handle(HttpContext context, SlackEndpoint endpoint)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "POST";
            return;
        }

        var secret = _options.SigningSecret;
        if (string.IsNullOrEmpty(secret))
        {
            Log.EndpointsOff(logger, request.Path);
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var max = _options.MaxRequestBodyBytes;
        if (request.ContentLength > max)
        {
            Log.BodyTooLarge(logger, request.Path, max);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var (buffer, length) = await ReadBody(request, max, context.RequestAborted).ConfigureAwait(false);
        if (buffer is null)
        {
            Log.BodyTooLarge(logger, request.Path, max);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        try
        {
            var body = new ReadOnlyMemory<byte>(buffer, 0, length);

            // Forms are parsed once, before the signature check, only so that ssl_check can be answered unsigned
            // (slack-protocol.md §1); nothing from an unverified form is used.
            Dictionary<string, StringValues>? form = null;
            if (endpoint != SlackEndpoint.Event || IsForm(request.ContentType))
            {
                form = TryParseForm(body.Span);
                if (form is not null && form.TryGetValue("ssl_check", out var sslCheck) && sslCheck == "1")
                {
                    response.StatusCode = StatusCodes.Status200OK;
                    return;
                }
            }

            var verdict = SlackSignature.Verify(
                secret,
                body.Span,
                request.Headers[SlackSignature.TimestampHeader],
                request.Headers[SlackSignature.SignatureHeader],
                time.GetUtcNow(),
                _options.SignatureTolerance);
            if (verdict != SlackSignatureResult.Valid)
            {
                Log.SignatureRejected(logger, request.Path, verdict);
                response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            switch (endpoint)
            {
                case SlackEndpoint.Event:
                    await HandleEvent(context, body, form is not null).ConfigureAwait(false);
                    break;
                case SlackEndpoint.Command:
                    await HandleCommand(context, form).ConfigureAwait(false);
                    break;
                default:
                    await HandleInteraction(context, form).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleEvent(HttpContext context, ReadOnlyMemory<byte> body, bool isForm)
    {
        EventEnvelope envelope;
        try
        {
            if (isForm)
            {
                throw new FormatException("The Events API sends JSON, not a form.");
            }

            envelope = EventEnvelope.Read(body.Span);
        }
        catch (FormatException exception)
        {
            BadRequest(context, exception.Message);
            return;
        }

        switch (envelope.Type)
        {
            case EventEnvelope.UrlVerificationType:
                if (envelope.Challenge is null)
                {
                    BadRequest(context, "url_verification without a challenge");
                    return;
                }

                Log.UrlVerified(logger);
                await WriteJson(context.Response, WriteChallenge(envelope.Challenge)).ConfigureAwait(false);
                return;

            case EventEnvelope.EventCallbackType:
                Task<bool> accepted;
                try
                {
                    accepted = dispatcher.AcceptEvent(envelope, body, RetryNum(context.Request), Transport, context.RequestAborted);
                }
                catch (FormatException exception)
                {
                    BadRequest(context, exception.Message);
                    return;
                }

                try
                {
                    await accepted.ConfigureAwait(false);
                }
                catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
                {
                    Log.InboxStoreFailed(logger, exception);
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status200OK;
                return;

            case null:
                BadRequest(context, "no type");
                return;

            default:
                Log.OtherEnvelope(logger, envelope.Type);
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
        }
    }

    private async Task HandleCommand(HttpContext context, Dictionary<string, StringValues>? form)
    {
        if (form is null)
        {
            BadRequest(context, "the body is not a form");
            return;
        }

        SlashCommandResponse? answer;
        try
        {
            answer = await dispatcher.DispatchSlashCommand(SlackPayloads.SlashCommandFromForm(form), Transport, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FormatException exception)
        {
            BadRequest(context, exception.Message);
            return;
        }

        await WriteJson(context.Response, SlackResponseSerializer.Serialize(answer)).ConfigureAwait(false);
    }

    private async Task HandleInteraction(HttpContext context, Dictionary<string, StringValues>? form)
    {
        var payloadText = form is null ? null : Field(form, "payload");
        if (string.IsNullOrEmpty(payloadText))
        {
            BadRequest(context, "no payload field");
            return;
        }

        object? answer;
        try
        {
            using var payload = JsonDocument.Parse(payloadText);
            answer = await dispatcher.DispatchInteraction(payload.RootElement, Transport, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            BadRequest(context, $"payload is not JSON ({exception.Message})");
            return;
        }
        catch (FormatException exception)
        {
            BadRequest(context, exception.Message);
            return;
        }

        await WriteJson(context.Response, SlackResponseSerializer.Serialize(answer)).ConfigureAwait(false);
    }

    /// <summary>The body in a pooled buffer, or a null buffer when it exceeds <paramref name="max"/> bytes (counted while reading).</summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadBody(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(Math.Max(request.ContentLength ?? InitialBufferBytes, 1) + 1, max + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > max)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > max)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static Dictionary<string, StringValues>? TryParseForm(ReadOnlySpan<byte> body)
    {
        try
        {
            using var reader = new FormReader(Encoding.UTF8.GetString(body));
            return reader.ReadForm();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static bool IsForm(string? contentType) =>
        contentType is not null && contentType.StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase);

    private static string? Field(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var value) ? value.ToString() : null;

    private static int RetryNum(HttpRequest request) =>
        int.TryParse(request.Headers["X-Slack-Retry-Num"], out var retry) ? retry : 0;

    private static byte[] WriteChallenge(string challenge)
    {
        var buffer = new ArrayBufferWriter<byte>(challenge.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("challenge"u8, challenge);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void BadRequest(HttpContext context, string reason)
    {
        Log.Malformed(logger, context.Request.Path, reason);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private static Task WriteJson(HttpResponse response, byte[]? json)
    {
        response.StatusCode = StatusCodes.Status200OK;
        if (json is null)
        {
            return Task.CompletedTask;
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json).AsTask();
    }
}
