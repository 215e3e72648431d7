"""
tritonclient_lite against bytes worked out by hand from the protocol (KServe v2 JSON with
Triton's binary-data extension), not against its own output.

    python3 -m unittest discover -s test/notebooks -p 'test_*.py'
"""

import gzip
import json
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tritonclient_lite as httpclient  # noqa: E402


class GenerateRequestBody(unittest.TestCase):
    def test_one_binary_fp32_input_and_a_binary_output(self):
        inp = httpclient.InferInput("INPUT__0", [1, 2], "FP32")
        inp.set_data_from_numpy(np.array([[1.0, -2.0]], dtype=np.float32), binary_data=True)
        body, header_length = httpclient.InferenceServerClient.generate_request_body([inp], outputs=[httpclient.InferRequestedOutput("OUTPUT__0", binary_data=True)])
        header = (
            b'{"inputs":[{"name":"INPUT__0","shape":[1,2],"datatype":"FP32","parameters":{"binary_data_size":8}}],'
            b'"outputs":[{"name":"OUTPUT__0","parameters":{"binary_data":true}}]}'
        )
        # 1.0f = 0x3f800000, -2.0f = 0xc0000000, little-endian.
        self.assertEqual(body, header + b"\x00\x00\x80\x3f" + b"\x00\x00\x00\xc0")
        self.assertEqual(header_length, len(header))

    def test_two_int32_inputs_travel_in_input_order(self):
        ids = httpclient.InferInput("token_ids", [1, 2], "INT32").set_data_from_numpy(np.array([[101, -1]], dtype=np.int32))
        mask = httpclient.InferInput("attn_mask", [1, 2], "INT32").set_data_from_numpy(np.array([[1, 0]], dtype=np.int32))
        outs = [httpclient.InferRequestedOutput("output"), httpclient.InferRequestedOutput("pooled_output", binary_data=False)]
        body, header_length = httpclient.InferenceServerClient.generate_request_body([ids, mask], outputs=outs)
        header = (
            b'{"inputs":[{"name":"token_ids","shape":[1,2],"datatype":"INT32","parameters":{"binary_data_size":8}},'
            b'{"name":"attn_mask","shape":[1,2],"datatype":"INT32","parameters":{"binary_data_size":8}}],'
            b'"outputs":[{"name":"output","parameters":{"binary_data":true}},{"name":"pooled_output","parameters":{"binary_data":false}}]}'
        )
        self.assertEqual(header_length, len(header))
        self.assertEqual(body, header + b"\x65\x00\x00\x00\xff\xff\xff\xff" + b"\x01\x00\x00\x00\x00\x00\x00\x00")

    def test_json_data_only_means_no_header_length_and_binary_outputs_by_default(self):
        inp = httpclient.InferInput("x", [3], "INT64").set_data_from_numpy(np.array([1, -2, 3], dtype=np.int64), binary_data=False)
        body, header_length = httpclient.InferenceServerClient.generate_request_body([inp])
        self.assertIsNone(header_length)
        self.assertEqual(body, b'{"inputs":[{"name":"x","shape":[3],"datatype":"INT64","data":[1,-2,3]}],"parameters":{"binary_data_output":true}}')

    def test_bytes_are_length_prefixed(self):
        inp = httpclient.InferInput("INPUT0", [3, 1], "BYTES")
        inp.set_data_from_numpy(np.array([["ab"], [b""], ["\u00e9"]], dtype=np.object_))
        body, header_length = httpclient.InferenceServerClient.generate_request_body([inp], outputs=[httpclient.InferRequestedOutput("finaloutput")])
        raw = b"\x02\x00\x00\x00ab" + b"\x00\x00\x00\x00" + b"\x02\x00\x00\x00\xc3\xa9"
        header = (
            b'{"inputs":[{"name":"INPUT0","shape":[3,1],"datatype":"BYTES","parameters":{"binary_data_size":16}}],'
            b'"outputs":[{"name":"finaloutput","parameters":{"binary_data":true}}]}'
        )
        self.assertEqual(body, header + raw)
        self.assertEqual(header_length, len(header))

    def test_bytes_as_json_are_strings_and_non_ascii_is_escaped(self):
        inp = httpclient.InferInput("s", [2], "BYTES").set_data_from_numpy(np.array([b"hi", "\u00e9"], dtype=np.object_), binary_data=False)
        body, header_length = httpclient.InferenceServerClient.generate_request_body([inp], outputs=[httpclient.InferRequestedOutput("o", binary_data=False)])
        self.assertIsNone(header_length)
        self.assertEqual(
            body,
            b'{"inputs":[{"name":"s","shape":[2],"datatype":"BYTES","data":["hi","\\u00e9"]}],"outputs":[{"name":"o","parameters":{"binary_data":false}}]}',
        )

    def test_fp16_and_bf16(self):
        half = httpclient.InferInput("h", [3], "FP16").set_data_from_numpy(np.array([1.0, -2.0, 0.5], dtype=np.float16))
        # bf16 of 1.0f (0x3f800000) and -2.5f (0xc0200000): the high halves 0x3f80 and 0xc020.
        bf = httpclient.InferInput("b", [2], "BF16").set_data_from_numpy(np.array([1.0, -2.5], dtype=np.float32))
        body, header_length = httpclient.InferenceServerClient.generate_request_body([half, bf], outputs=[httpclient.InferRequestedOutput("o")])
        self.assertEqual(body[header_length:], b"\x00\x3c\x00\xc0\x00\x38" + b"\x80\x3f\x20\xc0")
        self.assertIn(b'{"name":"h","shape":[3],"datatype":"FP16","parameters":{"binary_data_size":6}}', body[:header_length])
        self.assertIn(b'{"name":"b","shape":[2],"datatype":"BF16","parameters":{"binary_data_size":4}}', body[:header_length])

    def test_bool_and_uint8_are_one_byte_each(self):
        b = httpclient.InferInput("b", [2], "BOOL").set_data_from_numpy(np.array([True, False]))
        u = httpclient.InferInput("u", [2], "UINT8").set_data_from_numpy(np.array([0, 255], dtype=np.uint8))
        body, header_length = httpclient.InferenceServerClient.generate_request_body([b, u], outputs=[httpclient.InferRequestedOutput("o")])
        self.assertEqual(body[header_length:], b"\x01\x00\x00\xff")

    def test_request_level_fields(self):
        inp = httpclient.InferInput("x", [1], "INT32").set_data_from_numpy(np.array([7], dtype=np.int32), binary_data=False)
        body, _ = httpclient.InferenceServerClient.generate_request_body([inp], request_id="r1", priority=2, timeout=100, parameters={"custom": "v"})
        self.assertEqual(
            body,
            b'{"id":"r1","inputs":[{"name":"x","shape":[1],"datatype":"INT32","data":[7]}],'
            b'"parameters":{"priority":2,"timeout":100,"binary_data_output":true,"custom":"v"}}',
        )

    def test_switching_back_to_json_drops_the_binary_size(self):
        inp = httpclient.InferInput("x", [1], "INT32")
        inp.set_data_from_numpy(np.array([7], dtype=np.int32), binary_data=True)
        inp.set_data_from_numpy(np.array([7], dtype=np.int32), binary_data=False)
        self.assertEqual(inp._get_tensor(), {"name": "x", "shape": [1], "datatype": "INT32", "data": [7]})

    def test_refusals(self):
        with self.assertRaisesRegex(httpclient.InferenceServerException, "unexpected datatype FP64"):
            httpclient.InferInput("x", [1], "FP32").set_data_from_numpy(np.array([1.0]))
        with self.assertRaisesRegex(httpclient.InferenceServerException, r"unexpected numpy array shape \[2\], expected \[1, 2\]"):
            httpclient.InferInput("x", [1, 2], "FP32").set_data_from_numpy(np.array([1.0, 2.0], dtype=np.float32))
        with self.assertRaisesRegex(httpclient.InferenceServerException, "reserved"):
            httpclient.InferenceServerClient.generate_request_body([], parameters={"priority": 1})


class ParseResponseBody(unittest.TestCase):
    HEADER = (
        b'{"model_name":"resnet_pt_v0.tar.gz","model_version":"1","outputs":['
        b'{"name":"a","datatype":"FP32","shape":[1,2],"parameters":{"binary_data_size":8}},'
        b'{"name":"j","datatype":"INT64","shape":[2],"data":[5,-6]},'
        b'{"name":"s","datatype":"BYTES","shape":[2],"parameters":{"binary_data_size":9}},'
        b'{"name":"h","datatype":"FP16","shape":[1],"parameters":{"binary_data_size":2}},'
        b'{"name":"e","datatype":"INT32","shape":[0],"parameters":{"binary_data_size":0}}]}'
    )
    BINARY = b"\x00\x00\x80\x3f\x00\x00\x00\xc0" + b"\x01\x00\x00\x00x\x00\x00\x00\x00" + b"\x00\x3c"

    def result(self):
        return httpclient.InferenceServerClient.parse_response_body(self.HEADER + self.BINARY, header_length=len(self.HEADER))

    def test_binary_outputs_are_read_at_their_offsets(self):
        r = self.result()
        a = r.as_numpy("a")
        self.assertEqual(a.dtype, np.float32)
        self.assertEqual(a.shape, (1, 2))
        self.assertEqual(a.tolist(), [[1.0, -2.0]])
        self.assertEqual(r.as_numpy("s").tolist(), [b"x", b""])
        self.assertEqual(r.as_numpy("s").dtype, np.object_)
        h = r.as_numpy("h")
        self.assertEqual((h.dtype, h.tolist()), (np.float16, [1.0]))
        self.assertEqual(r.as_numpy("e").shape, (0,))

    def test_json_outputs_and_lookups(self):
        r = self.result()
        j = r.as_numpy("j")
        self.assertEqual((j.dtype, j.tolist()), (np.int64, [5, -6]))
        self.assertIsNone(r.as_numpy("missing"))
        self.assertIsNone(r.get_output("missing"))
        self.assertEqual(r.get_output("j"), {"name": "j", "datatype": "INT64", "shape": [2], "data": [5, -6]})
        self.assertEqual(r.get_response()["model_name"], "resnet_pt_v0.tar.gz")
        self.assertEqual(r.get_response()["model_version"], "1")

    def test_a_whole_json_body_without_header_length(self):
        body = b'{"model_name":"m","model_version":"1","outputs":[{"name":"o","datatype":"FP32","shape":[2,1],"data":[0.5,1.5]}]}'
        o = httpclient.InferenceServerClient.parse_response_body(body).as_numpy("o")
        self.assertEqual((o.dtype, o.shape, o.tolist()), (np.float32, (2, 1), [[0.5], [1.5]]))

    def test_gzip_content_encoding(self):
        body = gzip.compress(self.HEADER + self.BINARY)
        r = httpclient.InferenceServerClient.parse_response_body(body, header_length=len(self.HEADER), content_encoding="gzip")
        self.assertEqual(r.as_numpy("a").tolist(), [[1.0, -2.0]])

    def test_a_body_shorter_than_its_outputs_is_refused(self):
        with self.assertRaisesRegex(httpclient.InferenceServerException, "declare 19 bytes"):
            httpclient.InferenceServerClient.parse_response_body(self.HEADER + self.BINARY[:-1], header_length=len(self.HEADER))

    def test_round_trip_of_a_request_parsed_as_a_response(self):
        # The request's binary layout is the response's: a body built here reads back the same array.
        arr = np.arange(6, dtype=np.float32).reshape(1, 2, 3)
        inp = httpclient.InferInput("t", [1, 2, 3], "FP32").set_data_from_numpy(arr)
        body, n = httpclient.InferenceServerClient.generate_request_body([inp], outputs=[httpclient.InferRequestedOutput("t")])
        header = json.loads(body[:n])
        as_response = json.dumps({"outputs": header["inputs"]}).encode()
        r = httpclient.InferenceServerClient.parse_response_body(as_response + body[n:], header_length=len(as_response))
        self.assertTrue(np.array_equal(r.as_numpy("t"), arr))


if __name__ == "__main__":
    unittest.main()
