using System.Xml.Linq;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Handoff.Storage.Azure;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Handoff.Server.WebApp;

/// <summary>
/// The Azure profile's web session keys: blobs under <c>web-keys/</c> in the grain-state container (as private as the
/// data they guard, like the shared operator key), so every silo behind the Service reads and signs the same cookies
/// and antiforgery tokens, and a restarted pod does not sign everyone out. Data protection calls these rarely (at
/// start, when a key is created, and when its key ring is refreshed), synchronously.
/// </summary>
public sealed class BlobKeyRepository : IXmlRepository
{
    private const string Prefix = "web-keys/";

    private readonly BlobContainerClient _container;

    public BlobKeyRepository(AzureStorageOptions azure)
    {
        ArgumentNullException.ThrowIfNull(azure);
        _container = new BlobContainerClient(azure.ConnectionString, azure.GrainStateContainer, StorageClientOptions.Blob());
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        _container.CreateIfNotExists();
        var elements = new List<XElement>();
        foreach (var item in _container.GetBlobs(BlobTraits.None, BlobStates.None, Prefix, CancellationToken.None))
        {
            var content = _container.GetBlobClient(item.Name).DownloadContent().Value.Content;
            elements.Add(XElement.Parse(content.ToString()));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        _container.CreateIfNotExists();
        // A key is written once under a name of its own (data protection names keys by id); never overwritten.
        var name = Prefix + (string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName) + ".xml";
        _container.GetBlobClient(name).Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
    }
}
