namespace SlackChampionBot.Features.Teams;

/// <summary>A turn at a one-at-a-time gate: <c>using var turn = await gate.TakeTurn(ct);</c> lets the next one in when disposed.</summary>
internal static class GateTurn
{
    public static async Task<IDisposable> TakeTurn(this SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
