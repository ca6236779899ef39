// SPDX-License-Identifier: Apache-2.0
/** The starter's implementation: not API, not exported. */
package dev.sio4j.spring.internal;
