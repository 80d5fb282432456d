using Handoff.Server.Options;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Handoff.Server.WebApp;

/// <summary>
/// The web page for people (Razor Pages under WebApp/Pages, on the web endpoint with DICOMweb): sign-in, inbox and
/// outbox, a transfer with its images, sending a folder, the audit trail, the facility's users. Sessions are an
/// HttpOnly, SameSite=Strict cookie (Secure under TLS) that data protection encrypts with keys kept under the data
/// directory; every form carries an antiforgery token; every answer a Content-Security-Policy that allows only this
/// server's own script, style and images.
/// </summary>
public static class WebAppSetup
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static IServiceCollection AddHandoffWebApp(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/WebApp/Pages";
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToPage("/Index");
            options.Conventions.AllowAnonymousToPage("/SignOut");
        });
        services.AddAuthentication(WebSessions.Scheme).AddCookie(WebSessions.Scheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(WebSessions.Scheme).Configure<IOptions<UserOptions>>((cookie, users) =>
        {
            cookie.Cookie.Name = "handoff_session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = users.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = users.Value.SessionIdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/";
            cookie.AccessDeniedPath = "/denied";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = async context =>
            {
                var sessions = context.HttpContext.RequestServices.GetRequiredService<WebSessions>();
                if (await sessions.ValidateAsync(context.Principal!) is null)
                    context.RejectPrincipal();
            };
        });
        services.AddAuthorization();
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<UserOptions>>((options, users) =>
            options.Cookie.SecurePolicy = users.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "handoff_antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.HeaderName = "RequestVerificationToken";
            options.SuppressXFrameOptionsHeader = true; // DENY is set for every page below; antiforgery's SAMEORIGIN would weaken it
        });
        services.AddDataProtection().SetApplicationName("handoff");
        // One key ring for the cluster: on the Azure profile every silo shares it through the storage account;
        // on the embedded profile it is a folder of the one server's data folder.
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<HandoffOptions>, IServiceProvider>((keys, handoff, provider) =>
            keys.XmlRepository = handoff.Value.Storage == StorageProfile.Azure
                ? new BlobKeyRepository(provider.GetRequiredService<IOptions<Handoff.Storage.Azure.AzureStorageOptions>>().Value)
                : new OwnerOnlyKeyRepository(Path.Combine(handoff.Value.FullDataPath, "web-keys")));
        services.AddSingleton<WebSessions>();
        services.AddSingleton<UserSignIn>();
        services.AddSingleton<SignInThrottle>();
        return services;
    }

    public static WebApplication MapHandoffWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/dicomweb", StringComparison.Ordinal))
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                // What antiforgery sets on pages with forms anyway (it logs a warning when it has to override anything else).
                headers.CacheControl = "no-cache, no-store";
                headers.Pragma = "no-cache";
            }
            return next(http);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        WebAssets.Map(app);
        app.MapRazorPages();
        return app;
    }
}
