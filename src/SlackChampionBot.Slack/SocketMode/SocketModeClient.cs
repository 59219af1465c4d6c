using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SlackChampionBot.Slack.WebApi;

namespace SlackChampionBot.Slack.SocketMode;

/// <summary>
/// Keeps <see cref="SlackAdapterOptions.SocketModeConnections"/> Socket Mode connections open (staggered), each with a
/// fresh apps.connections.open URL. On a <c>disconnect</c> request it opens the replacement before closing the old
/// socket; on loss it reconnects with jittered exponential backoff; <c>link_disabled</c> and bad app tokens stop it.
/// Does nothing when <see cref="SlackAdapterOptions.UseSocketMode"/> is false.
/// </summary>
internal sealed class SocketModeClient(
    IOptions<SlackAdapterOptions> adapterOptions,
    IOptions<SocketModeOptions> socketModeOptions,
    ISlackApiClient api,
    SocketModeEnvelopeProcessor processor,
    SocketModeStatus status,
    TimeProvider time,
    ILogger<SocketModeClient> logger) : IHostedService, IAsyncDisposable
{
    private static readonly HashSet<string> FatalOpenErrors = new(StringComparer.Ordinal)
    {
        "invalid_auth", "not_authed", "account_inactive", "user_removed_from_team", "team_disabled", "token_revoked", "not_allowed_token_type",
    };

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _slots = [];
    private readonly List<Task> _closing = [];
    private readonly Lock _closingLock = new();
    private int _nextConnectionId;
    private int _disposed;
    private bool _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = adapterOptions.Value;
        if (!options.UseSocketMode)
        {
            SocketModeLog.SocketModeOff(logger);
            return Task.CompletedTask;
        }

        _started = true;
        status.MarkEnabled();
        if (string.IsNullOrWhiteSpace(options.AppLevelToken))
        {
            status.RecordFatal("Socket Mode is on but no app-level token (xapp-…) is configured.");
            SocketModeLog.NoAppToken(logger);
            return Task.CompletedTask;
        }

        var count = Math.Clamp(options.SocketModeConnections, 1, 10);
        for (var slot = 0; slot < count; slot++)
        {
            var delay = socketModeOptions.Value.ConnectionStagger * slot;
            var s = slot;
            _slots.Add(Task.Run(() => RunSlot(s, delay, _stopping.Token), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return; // HTTP mode: there was no client to stop, so the log says nothing about one
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] all;
        lock (_closingLock)
        {
            all = [.. _slots, .. _closing];
        }

        await Task.WhenAll(all).WaitAsync(cancellationToken).ConfigureAwait(false);
        SocketModeLog.Stopped(logger);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as itself and as an IHostedService (factory), so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunSlot(int slot, TimeSpan initialDelay, CancellationToken stopping)
    {
        var options = socketModeOptions.Value;
        SocketModeConnection? current = null;
        var failures = 0;
        var waitBeforeConnect = initialDelay;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (waitBeforeConnect > TimeSpan.Zero)
                {
                    await Task.Delay(waitBeforeConnect, time, stopping).ConfigureAwait(false);
                }

                SocketModeConnection next;
                try
                {
                    next = await Connect(slot, stopping).ConfigureAwait(false);
                }
                catch (SlackException ex) when (FatalOpenErrors.Contains(ex.ErrorCode))
                {
                    Fatal($"apps.connections.open: {ex.ErrorCode}");
                    SocketModeLog.FatalOpenError(logger, ex.ErrorCode);
                    return;
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    var error = ex is SlackException slack ? $"apps.connections.open: {slack.ErrorCode}" : $"{ex.GetType().Name}: {ex.Message}";
                    status.RecordError(error);
                    waitBeforeConnect = NextBackoff(ref failures);
                    SocketModeLog.ConnectFailed(logger, slot, error, waitBeforeConnect);
                    continue;
                }

                // Make before break: the replacement said hello, so the old socket can go (after its in-flight acks).
                if (current is not null)
                {
                    CloseInBackground(current, "replaced");
                }

                current = next;
                var end = await current.Ended.WaitAsync(stopping).ConfigureAwait(false);
                if (time.GetUtcNow() - current.ConnectedAt >= options.StableConnectionTime)
                {
                    failures = 0;
                }

                switch (end.Kind)
                {
                    case ConnectionEndKind.LinkDisabled:
                        Fatal("Socket Mode is disabled in the Slack app settings (disconnect: link_disabled).");
                        SocketModeLog.LinkDisabled(logger);
                        return;
                    case ConnectionEndKind.RefreshRequested:
                        waitBeforeConnect = TimeSpan.Zero;
                        break;
                    default:
                        await current.DisposeAsync().ConfigureAwait(false);
                        current = null;
                        waitBeforeConnect = NextBackoff(ref failures);
                        status.RecordError($"connection lost ({end.Reason})");
                        SocketModeLog.Reconnecting(logger, slot, end.Reason, waitBeforeConnect);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            if (current is not null)
            {
                await current.CloseGracefully(stopping.IsCancellationRequested ? "shutting down" : "stopped").ConfigureAwait(false);
            }
        }
    }

    private async Task<SocketModeConnection> Connect(int slot, CancellationToken stopping)
    {
        var response = await api.AppsConnectionsApi.Open(stopping).ConfigureAwait(false);
        if (!Uri.TryCreate(response.Url, UriKind.Absolute, out var url) || (url.Scheme != "wss" && url.Scheme != "ws"))
        {
            throw new InvalidOperationException("apps.connections.open returned no usable WebSocket URL.");
        }

        var id = Interlocked.Increment(ref _nextConnectionId);
        var connection = new SocketModeConnection(id, slot, processor, status, socketModeOptions.Value, time, logger);
        try
        {
            SocketModeLog.Connecting(logger, id, slot, url.Host);
            await connection.Connect(url, stopping).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void CloseInBackground(SocketModeConnection connection, string reason)
    {
        var closing = CloseAfterGrace(connection, reason);
        lock (_closingLock)
        {
            _closing.RemoveAll(t => t.IsCompleted);
            _closing.Add(closing);
        }
    }

    /// <summary>
    /// Slack may still deliver on the old socket for a moment after asking for a refresh, and an envelope read after
    /// our close frame could no longer be acknowledged. So the replaced socket stays open until Slack closes it, the
    /// grace period ends, or the client stops; then it drains its in-flight acks and closes.
    /// </summary>
    private async Task CloseAfterGrace(SocketModeConnection connection, string reason)
    {
        try
        {
            await connection.ReceiveCompleted.WaitAsync(socketModeOptions.Value.RefreshGracePeriod, time, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Grace period over, or shutting down: close now.
        }

        await connection.CloseGracefully(reason).ConfigureAwait(false);
    }

    private TimeSpan NextBackoff(ref int failures)
    {
        var options = socketModeOptions.Value;
        var delay = SocketModeBackoff.Delay(failures, options.InitialBackoff, options.MaxBackoff, Random.Shared.NextDouble());
        failures++;
        return delay;
    }

    private void Fatal(string error)
    {
        status.RecordFatal(error);
        _stopping.Cancel();
    }
}
