using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SlackChampionBot.Slack.Dispatch;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Http;

/// <summary>How reading a request body ended.</summary>
internal enum BodyOutcome
{
    Read,
    TooLarge,
    TimedOut,

    /// <summary>Bodies being received together already hold <see cref="SlackAdapterOptions.MaxBufferedBodyBytes"/>.</summary>
    OverBudget,
}

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
/// Per request: size limit (413) → raw bytes read once into a pooled buffer that grows only as they arrive → <c>ssl_check</c> (200, nothing else
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

    /// <summary>Bytes of buffer beyond the first <see cref="InitialBufferBytes"/> that requests hold right now, over all of them.</summary>
    private long _bufferedBodyBytes;

    /// <summary>What <see cref="_bufferedBodyBytes"/> is now (for tests and the load harness).</summary>
    internal long BufferedBodyBytes => Interlocked.Read(ref _bufferedBodyBytes);

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
            HttpLog.EndpointsOff(logger, request.Path);
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var max = (int)_options.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = max;
        }

        if (request.ContentLength > max)
        {
            HttpLog.BodyTooLarge(logger, request.Path, max);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            Refuse(response);
            return;
        }

        var (outcome, buffer, length, reserved) = await ReadBody(context, max).ConfigureAwait(false);
        switch (outcome)
        {
            case BodyOutcome.OverBudget:
                HttpLog.BodyBudgetFull(logger, request.Path, _options.MaxBufferedBodyBytes);
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                Refuse(response);
                return;
            case BodyOutcome.TooLarge:
                HttpLog.BodyTooLarge(logger, request.Path, max);
                response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                Refuse(response);
                return;
            case BodyOutcome.TimedOut:
                HttpLog.BodyTimedOut(logger, request.Path, _options.RequestBodyTimeout);
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
                HttpLog.SignatureRejected(logger, request.Path, verdict);
                response.StatusCode = StatusCodes.Status401Unauthorized;
                Refuse(response);
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
            ArrayPool<byte>.Shared.Return(buffer!);
            Interlocked.Add(ref _bufferedBodyBytes, -reserved);
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

                HttpLog.UrlVerified(logger);
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
                    HttpLog.InboxStoreFailed(logger, exception);
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status200OK;
                return;

            case null:
                BadRequest(context, "no type");
                return;

            default:
                HttpLog.OtherEnvelope(logger, envelope.Type);
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

    /// <summary>
    /// The body in a pooled buffer that starts at <see cref="InitialBufferBytes"/> and doubles only as bytes arrive, up
    /// to exactly <paramref name="max"/>: what a request costs before its signature is checked is what it has sent,
    /// never what its Content-Length claims. <see cref="BodyOutcome.TooLarge"/> as soon as byte <paramref name="max"/> + 1
    /// arrives. A body that is not all there at once gets <see cref="SlackAdapterOptions.RequestBodyTimeout"/> to
    /// arrive; then the connection is dropped (<see cref="BodyOutcome.TimedOut"/>). Growing past the first buffer draws on
    /// one budget shared by all requests (<see cref="SlackAdapterOptions.MaxBufferedBodyBytes"/>), so however many
    /// connections trickle bodies, together they hold no more than that; a request that would exceed it is refused
    /// (<see cref="BodyOutcome.OverBudget"/>). Slack's own bodies nearly always fit the first buffer and never wait.
    /// <c>Reserved</c> is what the caller gives back to the budget when it returns the buffer.
    /// </summary>
    private async Task<(BodyOutcome Outcome, byte[]? Buffer, int Length, long Reserved)> ReadBody(HttpContext context, int max)
    {
        var body = context.Request.Body;
        var aborted = context.RequestAborted;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, max));
        var length = 0;
        long reserved = 0;
        ITimer? deadline = null;
        var timedOut = false;
        try
        {
            while (true)
            {
                var capacity = Math.Min(buffer.Length, max);
                if (length == capacity)
                {
                    if (length == max)
                    {
                        // Full at the limit: anything more makes it too large.
                        var probe = await body.ReadAsync(new byte[1], aborted).ConfigureAwait(false);
                        return probe == 0 ? Done(BodyOutcome.Read) : Fail(BodyOutcome.TooLarge);
                    }

                    var size = Math.Min(buffer.Length * 2, max);
                    if (!Reserve(size - reserved))
                    {
                        return Fail(BodyOutcome.OverBudget);
                    }

                    reserved = size;
                    var larger = ArrayPool<byte>.Shared.Rent(size);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    capacity = Math.Min(buffer.Length, max);
                }

                var reading = body.ReadAsync(buffer.AsMemory(length, capacity - length), aborted);
                if (!reading.IsCompleted && deadline is null)
                {
                    // The body is trickling in: start the clock (a body that came with its headers never needs one).
                    deadline = time.CreateTimer(_ => { timedOut = true; context.Abort(); }, null, _options.RequestBodyTimeout, Timeout.InfiniteTimeSpan);
                }

                var read = await reading.ConfigureAwait(false);
                if (read == 0)
                {
                    return Done(BodyOutcome.Read);
                }

                length += read;
            }
        }
        catch (Exception) when (Volatile.Read(ref timedOut))
        {
            return Fail(BodyOutcome.TimedOut);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(BodyOutcome.TooLarge); // Kestrel's own limit on the whole server, the same number
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Add(ref _bufferedBodyBytes, -reserved);
            throw;
        }
        finally
        {
            deadline?.Dispose();
        }

        (BodyOutcome, byte[]?, int, long) Done(BodyOutcome outcome) => (outcome, buffer, length, reserved);

        (BodyOutcome, byte[]?, int, long) Fail(BodyOutcome outcome)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Add(ref _bufferedBodyBytes, -reserved);
            return (outcome, null, 0, 0);
        }
    }

    private bool Reserve(long bytes)
    {
        if (Interlocked.Add(ref _bufferedBodyBytes, bytes) <= _options.MaxBufferedBodyBytes)
        {
            return true;
        }

        Interlocked.Add(ref _bufferedBodyBytes, -bytes);
        return false;
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

    /// <summary>
    /// A request refused before it was verified: the connection is closed after the answer, so the server neither
    /// reads the rest of an unwanted body to keep the connection alive nor lets the sender reuse it.
    /// </summary>
    private static void Refuse(HttpResponse response) => response.Headers.Connection = "close";

    private void BadRequest(HttpContext context, string reason)
    {
        HttpLog.Malformed(logger, context.Request.Path, reason);
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
