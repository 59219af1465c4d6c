using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SlackChampionBot.Slack.WebApi;

internal enum SlackTokenKind
{
    Bot,
    AppLevel,
}

/// <summary>
/// Sends Web API calls the way the official @slack/web-api client does (form-encoded POST with a Bearer token) and
/// makes them resilient: 429s are waited out per method, 5xx/connection failures/timeouts are retried with jittered
/// exponential backoff, and calls are paced per tier. <c>ok:false</c> is never retried.
/// </summary>
internal sealed class SlackApiTransport
{
    public const string HttpClientName = "SlackChampionBot.Slack.WebApi";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly SlackAdapterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SlackRequestPacer _pacer;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly CancellationToken _stopping;

    /// <param name="stopping">
    /// The host's "stopping" signal: from then on a call still waiting for its turn (pacing, a 429 pause, a backoff)
    /// gives up with <see cref="OperationCanceledException"/> instead of holding the shutdown up; nothing was sent by then.
    /// A request already on its way to Slack is left to finish.
    /// </param>
    public SlackApiTransport(IHttpClientFactory httpClientFactory, SlackAdapterOptions options, TimeProvider timeProvider, ILogger logger, CancellationToken stopping = default)
    {
        _stopping = stopping;
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _pacer = new SlackRequestPacer(options.Pacing, timeProvider);
    }

    /// <summary>Calls <paramref name="method"/> and returns the response's root object once <c>ok</c> is true.</summary>
    public async Task<JsonElement> Call(string method, SlackArgs args, CancellationToken cancellationToken, SlackTokenKind tokenKind = SlackTokenKind.Bot)
    {
        var token = tokenKind == SlackTokenKind.AppLevel ? _options.AppLevelToken : _options.ApiToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new SlackException(tokenKind == SlackTokenKind.AppLevel ? "missing_app_level_token" : "not_authed", method);
        }

        var uri = new Uri(_options.ApiBaseUrl, method);
        var rateLimitedCount = 0;
        var failures = 0;
        using var stoppable = _stopping.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping) : null;
        var waitToken = stoppable?.Token ?? cancellationToken;
        while (true)
        {
            await WaitWhilePaused(method, waitToken).ConfigureAwait(false);
            await _pacer.WaitAsync(method, args.Get("channel"), waitToken).ConfigureAwait(false);
            await WaitWhilePaused(method, waitToken).ConfigureAwait(false);

            var attempt = await Send(
                () => WithToken(new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(args.Fields) }, token),
                cancellationToken).ConfigureAwait(false);

            if (attempt.Status == HttpStatusCode.TooManyRequests)
            {
                rateLimitedCount++;
                if (rateLimitedCount > _options.Retries.MaxRateLimitRetries)
                {
                    WebApiLog.GaveUp(_logger, method, rateLimitedCount + failures, "ratelimited");
                    throw new SlackException("ratelimited", method);
                }

                var delay = (attempt.RetryAfter ?? _options.Retries.DefaultRetryAfter) + Jitter(_options.Retries.RateLimitJitter);
                PauseMethod(method, delay);
                _pacer.RateLimited(method, args.Get("channel"));
                WebApiLog.RateLimited(_logger, method, delay, rateLimitedCount);
                continue;
            }

            if (attempt.Failure is { } failure)
            {
                failures++;
                if (failures > _options.Retries.MaxRetries)
                {
                    WebApiLog.GaveUp(_logger, method, rateLimitedCount + failures, failure);
                    throw new SlackException(failure, method, innerException: attempt.Exception);
                }

                var delay = Backoff(failures);
                WebApiLog.TransientFailure(_logger, method, failure, failures, delay);
                await Task.Delay(delay, _timeProvider, waitToken).ConfigureAwait(false);
                continue;
            }

            _pacer.Answered(method, args.Get("channel"));
            return ParseEnvelope(method, attempt);
        }
    }

    /// <summary>
    /// POSTs raw bytes to a URL Slack gave out (files.getUploadURLExternal), with the transient retries. The URL is
    /// pre-signed, so it gets no token, and it must be https: plain http only to loopback while
    /// <see cref="SlackAdapterOptions.ApiBaseUrl"/> is itself plain http on loopback (a fake Slack in tests or the sandbox).
    /// </summary>
    public async Task Upload(Uri uploadUrl, byte[] content, string fileName, CancellationToken cancellationToken)
    {
        if (!IsAllowedUploadUrl(uploadUrl))
        {
            WebApiLog.UploadUrlRefused(_logger, uploadUrl.Scheme, uploadUrl.Host);
            throw new SlackException("upload_url_not_https", "files.upload");
        }

        var failures = 0;
        while (true)
        {
            var attempt = await Send(
                () =>
                {
                    var body = new ByteArrayContent(content);
                    body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    return new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = body };
                },
                cancellationToken).ConfigureAwait(false);

            var failure = attempt.Failure
                ?? (attempt.Status == HttpStatusCode.TooManyRequests ? "ratelimited" : null);
            if (failure is null)
            {
                if ((int)attempt.Status is < 200 or > 299)
                {
                    throw new SlackException($"upload_failed_http_{(int)attempt.Status}", "files.upload");
                }

                return;
            }

            failures++;
            if (failures > _options.Retries.MaxRetries)
            {
                WebApiLog.GaveUp(_logger, "files.upload", failures, failure);
                throw new SlackException(failure, "files.upload", innerException: attempt.Exception);
            }

            var delay = attempt.RetryAfter ?? Backoff(failures);
            WebApiLog.TransientFailure(_logger, "files.upload", failure, failures, delay);
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The one place a token is put on a request, and only when the request goes to Slack's Web API itself: same
    /// scheme, host and port as <see cref="SlackAdapterOptions.ApiBaseUrl"/>. Anything else Slack names (upload URLs,
    /// response URLs) is sent without it.
    /// </summary>
    private HttpRequestMessage WithToken(HttpRequestMessage request, string token)
    {
        var api = _options.ApiBaseUrl;
        if (request.RequestUri is { } target
            && string.Equals(target.Scheme, api.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(target.IdnHost, api.IdnHost, StringComparison.OrdinalIgnoreCase)
            && target.Port == api.Port)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private bool IsAllowedUploadUrl(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps
        || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback && _options.ApiBaseUrl.Scheme == Uri.UriSchemeHttp && _options.ApiBaseUrl.IsLoopback);

    private async Task<Attempt> Send(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Retries.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = createRequest();
        try
        {
            var client = _httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            var retryAfter = RetryAfter(response.Headers.RetryAfter);
            var failure = (int)response.StatusCode >= 500 ? $"http_{(int)response.StatusCode}" : null;
            return new Attempt(response.StatusCode, body, retryAfter, failure, null);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(0, null, null, "timeout", ex);
        }
        catch (HttpRequestException ex)
        {
            return new Attempt(0, null, null, "connection_failed", ex);
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static JsonElement ParseEnvelope(string method, Attempt attempt)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(attempt.Body ?? string.Empty);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var code = attempt.Status == HttpStatusCode.OK ? "invalid_response" : $"http_{(int)attempt.Status}";
            throw new SlackException(code, method, innerException: ex);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok))
        {
            throw new SlackException(attempt.Status == HttpStatusCode.OK ? "invalid_response" : $"http_{(int)attempt.Status}", method);
        }

        if (ok.ValueKind == JsonValueKind.True)
        {
            return root;
        }

        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "unknown_error";
        IReadOnlyList<string>? messages = null;
        if (root.TryGetProperty("response_metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            messages = [.. list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!)];
        }

        throw new SlackException(error, method, messages);
    }

    private async ValueTask WaitWhilePaused(string method, CancellationToken cancellationToken)
    {
        while (_pausedUntil.TryGetValue(method, out var until))
        {
            var wait = until - _timeProvider.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            // Task.Delay counts whole milliseconds (1.7 ms sleeps 1 ms; 0.4 ms does not sleep at all), so a wait with a
            // fraction of a millisecond left spun here until the clock moved on: on a test's fake clock that is never,
            // because the spin ran inside the Advance that woke it (a hang of the suite). Round up instead.
            await Task.Delay(WholeMilliseconds(wait), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><paramref name="wait"/> rounded up to the whole milliseconds Task.Delay counts in.</summary>
    internal static TimeSpan WholeMilliseconds(TimeSpan wait) => TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));

    private void PauseMethod(string method, TimeSpan delay)
    {
        var until = _timeProvider.GetUtcNow() + delay;
        _pausedUntil.AddOrUpdate(method, until, (_, existing) => existing > until ? existing : until);
    }

    private TimeSpan Backoff(int failure)
    {
        var baseDelay = _options.Retries.BaseDelay.TotalMilliseconds * Math.Pow(2, failure - 1);
        var jittered = baseDelay * (0.75 + (Random.Shared.NextDouble() * 0.5));
        return TimeSpan.FromMilliseconds(jittered);
    }

    private static TimeSpan Jitter(TimeSpan max) =>
        max <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * max.TotalMilliseconds);

    private sealed record Attempt(HttpStatusCode Status, string? Body, TimeSpan? RetryAfter, string? Failure, Exception? Exception);
}
