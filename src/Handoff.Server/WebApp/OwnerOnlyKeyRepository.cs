using System.Xml.Linq;
using Handoff.Storage.Files;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Server.WebApp;

/// <summary>
/// The web session keys (ASP.NET Core data protection) in <c>&lt;DataPath&gt;/web-keys</c>, readable by the server's
/// user only, like everything else in the data folder: the keys are not encrypted at rest, and whoever reads them can
/// forge a session cookie.
/// </summary>
public sealed class OwnerOnlyKeyRepository : IXmlRepository
{
    private readonly DirectoryInfo _folder;
    private readonly FileSystemXmlRepository _files;

    public OwnerOnlyKeyRepository(string folder)
    {
        OwnerOnly.EnsureDirectory(folder);
        _folder = new DirectoryInfo(folder);
        _files = new FileSystemXmlRepository(_folder, NullLoggerFactory.Instance);
    }

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        _files.StoreElement(element, friendlyName);
        if (OperatingSystem.IsWindows())
            return;
        foreach (var file in _folder.EnumerateFiles())
            File.SetUnixFileMode(file.FullName, OwnerOnly.FilePermissions);
    }
}
