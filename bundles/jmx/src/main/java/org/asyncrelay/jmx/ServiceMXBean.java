package org.asyncrelay.jmx;

import java.util.Map;

/**
 * One relay service in JMX ({@code org.asyncrelay:type=service,name=<name>}): its counters and
 * backend states as attributes, the operator's actions as operations. An MXBean, so jconsole and
 * Decanter's JMX collector read it with open types only.
 */
public interface ServiceMXBean {

    String getName();

    String getProtocol();

    /** {@code address:port} the service listens on. */
    String getListen();

    /** STARTING, RUNNING, FAILED or STOPPED. */
    String getState();

    String getStateReason();

    long getTcpConnections();

    long getTcpActive();

    long getTcpBytesReceived();

    long getTcpBytesSent();

    long getTcpRefused();

    /** TCP connections refused at accept by reason: denied, max_connections, ... (#19). */
    java.util.Map<String, Long> getTcpRefusals();

    /** Datagrams dropped before reaching a session by reason. */
    java.util.Map<String, Long> getUdpRefusals();

    /** The traffic-control settings in force, in words. */
    java.util.List<String> getTrafficControl();

    long getUdpSessions();

    long getUdpSessionsActive();

    long getUdpPacketsReceived();

    long getUdpPacketsSent();

    long getUdpBytesReceived();

    long getUdpBytesSent();

    long getUdpPacketsDropped();

    long getConnectFailures();

    long getFailovers();

    /** Each backend ({@code host:port}) in queue order and its state. */
    Map<String, String> getBackendStates();

    /** Seconds until each cooling backend is tried again. */
    Map<String, Long> getBackendCooldownSeconds();

    /** No new connections to {@code backend}; established ones go on. */
    String drain(String backend);

    /** Never try {@code backend}, not even as a last resort. */
    String disable(String backend);

    /** Undoes drain and disable. */
    String enable(String backend);

    /** Ends the backend's cooldown now. */
    String resetCooldown(String backend);

    /** Reads the configuration file again and applies it when valid (every service, not only this one). */
    String reload();
}
