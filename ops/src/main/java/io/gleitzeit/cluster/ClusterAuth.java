package io.gleitzeit.cluster;

/**
 * Who may use a {@link GleitzeitCluster}'s hub. Open is only the default on a loopback address: a hub that listens
 * beyond this machine needs {@link #TOKENS}, or {@link #INSECURE_OFF} said out loud.
 */
public enum ClusterAuth {
    /**
     * Every connection may do everything. Refused by {@link ClusterOptions.Builder#build()} when the hub's host is
     * not a loopback address.
     */
    OFF,
    /**
     * Every connection needs a token of the token store in the cluster's Redis ({@code gleitzeit token create},
     * {@link GleitzeitCluster#tokens()}), stored hashed. The cluster issues its own services and client tokens of
     * their roles at start and revokes them when it closes.
     */
    TOKENS,
    /** Open on any address, deliberately: the cluster logs a warning at start. */
    INSECURE_OFF
}
