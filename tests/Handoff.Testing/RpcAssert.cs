namespace Handoff.Testing;

/// <summary>Asserts a call fails with a given status and returns the exception for message checks.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> FailsWith(StatusCode expected, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(exception.StatusCode == expected, $"expected {expected}, got {exception.StatusCode}: {exception.Status.Detail}");
        return exception;
    }

    public static Task<RpcException> FailsWith<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call) =>
        FailsWith(expected, async () => await call());

    /// <summary>The field a google.rpc.BadRequest detail names (INVALID_ARGUMENT from a request field check).</summary>
    public static string? ViolatedField(RpcException failure) =>
        failure.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.SingleOrDefault()?.Field;
}
