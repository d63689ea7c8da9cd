from socket import *
import struct
import json
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8082  # jstruct: port from argv
ss=socket(AF_INET,SOCK_STREAM)
ss.connect(('127.0.0.1',PORT))
while True:
    cmd=input('>>: ').strip()
    if not cmd:continue
    ss.send(cmd.encode('utf-8'))
    #先收报头的长度
    obj=ss.recv(4)
    header_size=struct.unpack('i',obj)[0]
    #再收报头
    header_bytes=ss.recv(header_size)
    #从报头中解析出对真实数据的描述信息
    header_json=header_bytes.decode('utf-8')
    header_dic=json.loads(header_json)
    total_size=header_dic['total_size']
    #接收真实的数据
    recv_size=0
    recv_data=b''
    while recv_size < total_size:
        res=ss.recv(1024)
        recv_data+=res
        recv_size+=len(res)
    print(recv_data.decode('utf-8'))  # the seed decodes 'gbk' on Windows: the server's system encoding
ss.close()
