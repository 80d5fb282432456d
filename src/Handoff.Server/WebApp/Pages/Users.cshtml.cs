using Handoff.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Handoff.Server.WebApp.Pages;

/// <summary>An admin manages the facility's users: add (the one-time password is shown once), disable, reset a password.</summary>
public sealed class UsersModel : HandoffPageModel
{
    public IReadOnlyList<Protos.V1.User> Users { get; private set; } = [];

    /// <summary>Shown once, after an add or a reset.</summary>
    public string? IssuedPassword { get; private set; }

    public string? IssuedFor { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddAsync(string? username, string? role)
    {
        var request = new AddUserRequest
        {
            FacilityId = Session.FacilityId,
            Username = username ?? "",
            Role = role switch { "coordinator" => UserRole.Coordinator, "admin" => UserRole.Admin, "clinician" => UserRole.Clinician, _ => UserRole.Unspecified },
        };
        await ShowIssuedAsync(() => Client.Users.AddUserAsync(request, cancellationToken: HttpContext.RequestAborted).ResponseAsync);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string? username)
    {
        var request = new UserRequest { FacilityId = Session.FacilityId, Username = username ?? "" };
        await ShowIssuedAsync(() => Client.Users.ResetUserPasswordAsync(request, cancellationToken: HttpContext.RequestAborted).ResponseAsync);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string? username)
    {
        var request = new UserRequest { FacilityId = Session.FacilityId, Username = username ?? "" };
        await Client.CallAsync(token => Client.Users.DisableUserAsync(request, cancellationToken: token).ResponseAsync, HttpContext.RequestAborted);
        await LoadAsync();
        return Page();
    }

    private async Task ShowIssuedAsync(Func<Task<IssuedUserPassword>> call)
    {
        try
        {
            var issued = await Client.CallAsync(_ => call(), HttpContext.RequestAborted);
            (IssuedPassword, IssuedFor) = (issued.OneTimePassword, issued.User.Username);
        }
        catch (Handoff.Client.HandoffRefusedException refused) when (refused.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.AlreadyExists)
        {
            Message = refused.Detail;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var request = new ListUsersRequest { FacilityId = Session.FacilityId };
        Users = (await Client.CallAsync(token => Client.Users.ListUsersAsync(request, cancellationToken: token).ResponseAsync, HttpContext.RequestAborted)).Users;
    }
}
