namespace Handoff.Server.Security;

/// <summary>Carries the authenticated <see cref="Caller"/> from the interceptor to the service through the call's user state.</summary>
public static class CallerContext
{
    private static readonly object Key = typeof(Caller);

    public static void SetCaller(this ServerCallContext context, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.UserState[Key] = caller;
    }

    /// <summary>The caller of an authenticated call; a service reached without one is a wiring bug, not a client error.</summary>
    public static Caller GetCaller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(Key, out var value) && value is Caller caller
            ? caller
            : throw new InvalidOperationException("no authenticated caller on this call; is the authentication interceptor registered?");
    }

    public static Caller? FindCaller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(Key, out var value) ? value as Caller : null;
    }
}
